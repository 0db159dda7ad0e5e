import type { GramVariant, WindowMatchVariant } from '../api';

/** Workgroup sizes, passed to the shaders as override constants (tile sizes are constants in each shader). */
export interface LaunchSettings {
  /** Workgroup size (x, y) of the elementwise 2D kernels. */
  readonly workgroup: readonly [number, number];
  /** Workgroup size (x, y) of conv3x3. */
  readonly convWorkgroup: readonly [number, number];
  /** Workgroup size of the match kernels. */
  readonly matchWorkgroup: number;
  /** Invocations window_match should have in flight; the style range is split until it does. */
  readonly matchInvocations: number;
  /** Bytes of Gram rows (content band × style pixels) the match may hold at once. */
  readonly gramBudget: number;
  /** Bytes of source pixels an input image is uploaded in at once: larger images come in strips. */
  readonly stripBytes: number;
  /** Bytes of each of the two Winograd scratch buffers (a band of tile rows at a time). */
  readonly winogradBytes: number;
  /** How the match's window scores are laid over invocations (the tuner's choice; the same result either way). */
  readonly windowMatch: WindowMatchVariant;
  /** How the match's Gram GEMM runs (the tuner's choice; the same result either way). */
  readonly gram: GramVariant;
}

// CPU adapters (lavapipe, SwiftShader) run a workgroup as a SIMD loop: small workgroups spread best over few
// cores (measured on lavapipe, 2 cores). GPUs want enough invocations per workgroup to fill a SIMD unit.
const CPU_LAUNCH: LaunchSettings = {
  workgroup: [16, 4],
  convWorkgroup: [16, 1],
  matchWorkgroup: 16,
  matchInvocations: 2048,
  gramBudget: 32 << 20,
  stripBytes: 16 << 20,
  winogradBytes: 4 << 20,
  windowMatch: 'content-major',
  gram: 'register',
};
const GPU_LAUNCH: LaunchSettings = {
  workgroup: [16, 4],
  convWorkgroup: [16, 8],
  matchWorkgroup: 64,
  matchInvocations: 1 << 18,
  gramBudget: 64 << 20,
  stripBytes: 16 << 20,
  winogradBytes: 32 << 20,
  windowMatch: 'content-major',
  gram: 'register',
};

/** Whether an adapter description names a software (CPU) Vulkan. */
export function isCpuAdapter(adapterDescription: string): boolean {
  return /llvmpipe|lavapipe|swiftshader|software|cpu/i.test(adapterDescription);
}

/**
 * Picks the launch settings by adapter kind: software Vulkan (lavapipe/llvmpipe, SwiftShader) or a real GPU. On a device with
 * small bindings the Gram band and the upload strip shrink to half a binding, so neither is what fails first.
 */
export function launchSettingsFor(adapterDescription: string, limits?: { readonly maxStorageBufferBindingSize: number }): LaunchSettings {
  const settings = isCpuAdapter(adapterDescription) ? CPU_LAUNCH : GPU_LAUNCH;
  if (!limits) return settings;
  const half = Math.floor(limits.maxStorageBufferBindingSize / 2);
  return {
    ...settings,
    gramBudget: Math.min(settings.gramBudget, half),
    stripBytes: Math.min(settings.stripBytes, half),
    winogradBytes: Math.min(settings.winogradBytes, half),
  };
}
