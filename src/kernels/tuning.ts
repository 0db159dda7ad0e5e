/** Tile and workgroup sizes, passed to the shaders as override constants. */
export interface Tuning {
  /** Workgroup size of the 2D kernels (x, y). */
  readonly workgroup: readonly [number, number];
  /** conv3x3: consecutive pixels per invocation (1–4). */
  readonly convPixels: number;
  /** conv3x3: vec4 groups of output channels per invocation (1–4). */
  readonly convGroups: number;
}

// CPU adapters vectorise across invocations and dislike barriers; GPUs want more invocations per tile.
const CPU_TUNING: Tuning = { workgroup: [16, 4], convPixels: 4, convGroups: 2 };
const GPU_TUNING: Tuning = { workgroup: [16, 4], convPixels: 4, convGroups: 2 };

/** Picks tuning by adapter kind: software Vulkan (lavapipe/llvmpipe, SwiftShader) or a real GPU. */
export function tuningFor(adapterDescription: string): Tuning {
  return /llvmpipe|lavapipe|swiftshader|software|cpu/i.test(adapterDescription) ? CPU_TUNING : GPU_TUNING;
}
