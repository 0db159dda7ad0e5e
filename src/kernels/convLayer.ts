// What a 3×3 conv layer is, whichever kernel runs it (conv3x3.ts, winograd.ts): its weights and its fusions.

/** One 3x3 convolution's parameters, OIHW weights as in the file. */
export interface ConvParams {
  readonly name: string;
  readonly outChannels: number;
  readonly inChannels: number;
  readonly weight: Float32Array; // [out, in, 3, 3]
  readonly bias: Float32Array; // [out]
}

/** What a conv layer does besides the convolution itself. */
export interface ConvOptions {
  readonly relu: boolean;
  /** 2x2 max pooling (floor) fused into the epilogue. */
  readonly pool?: boolean;
  /** Read the input through a nearest ×2 upsampling: `shape` is the upsampled size. */
  readonly upsampleInput?: boolean;
}
