import { StyleSwapError } from '../errors';

/** How the swap matches patches. */
export type MatchSpace = 'vgg19' | 'normalized';

export interface SwapOptions {
  /** Side of the square patches, in relu3_1 pixels (4 image pixels each); odd. Default 3. */
  patchSize?: number;
  /** Step between patches, in relu3_1 pixels; ≥ 1. Default 1. */
  patchStride?: number;
  /**
   * Where patches are compared: 'vgg19' multiplies the features by conv3_1.caffe_scale first, as the paper's Caffe
   * VGG19 would see them; 'normalized' uses the encoder's own normalised features. Default 'vgg19'.
   */
  matchSpace?: MatchSpace;
}

export interface StyleSizeOptions {
  /** A style image wider or taller than this is downscaled (aspect kept, on the GPU) before encoding. Default 512. */
  maxStyleSize?: number;
}

export interface StylizeOptions extends SwapOptions, StyleSizeOptions {
  /** A content image wider or taller than this is downscaled (aspect kept, on the GPU). Default 640. */
  maxContentSize?: number;
  /**
   * Write the result into this texture (rgba8unorm or bgra8unorm, the output's size, COPY_DST usage) with no
   * readback; the result then carries no pixels. Default: none (pixels are read back).
   */
  target?: GPUTexture;
  /** Time each stage (one submit per stage, awaited): slower, for benchmarks and the CLI. Default false. */
  profile?: boolean;
}

export interface ResolvedSwapOptions {
  readonly patchSize: number;
  readonly patchStride: number;
  readonly matchSpace: MatchSpace;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) throw new StyleSwapError('option', `${name} must be a positive integer, got ${value}`);
  return value;
}

export function resolveSwapOptions(options: SwapOptions = {}): ResolvedSwapOptions {
  const patchSize = options.patchSize ?? 3;
  if (!Number.isInteger(patchSize) || patchSize < 1 || patchSize % 2 === 0) {
    throw new StyleSwapError('option', `patchSize must be an odd positive integer (1, 3, 5, …), got ${patchSize}`);
  }
  const patchStride = options.patchStride ?? 1;
  if (!Number.isInteger(patchStride) || patchStride < 1) {
    throw new StyleSwapError('option', `patchStride must be an integer ≥ 1, got ${patchStride}`);
  }
  const matchSpace = options.matchSpace ?? 'vgg19';
  if (matchSpace !== 'vgg19' && matchSpace !== 'normalized') {
    throw new StyleSwapError('option', `matchSpace must be 'vgg19' or 'normalized', got ${String(matchSpace)}`);
  }
  return { patchSize, patchStride, matchSpace };
}

export function maxContentSize(options: StylizeOptions): number {
  return positiveInteger(options.maxContentSize ?? 640, 'maxContentSize');
}

export function maxStyleSize(options: StyleSizeOptions): number {
  return positiveInteger(options.maxStyleSize ?? 512, 'maxStyleSize');
}

/** The size an image is encoded at: scaled down (aspect kept) so neither side exceeds `limit`. */
export function scaledSize(width: number, height: number, limit: number) {
  const longest = Math.max(width, height);
  if (longest <= limit) return { width, height };
  const scale = limit / longest;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** The encoder input for a stylized image: padded by reflection up to a multiple of 4 (cropped off at the end). */
export function paddedSize(size: { width: number; height: number }) {
  return { width: Math.ceil(size.width / 4) * 4, height: Math.ceil(size.height / 4) * 4 };
}
