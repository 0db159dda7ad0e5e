import type { ScratchArena } from '../gpu/arena';
import { conv3x3, uploadConv, type ConvUse, type GpuConv } from '../kernels/conv3x3';
import type { ConvVariant, Precision } from '../api';
import type { WinogradScratch } from '../kernels/winograd';
import type { KernelContext } from '../kernels/kernel';
import type { Dispatch } from '../gpu/dispatch';
import { tensorToImage, type ImageOutputExtras, type ImageOutputLayout } from '../kernels/tensorToImage';
import type { DecoderWeights } from './weights';

/** Scratch bytes the inverse net needs for features of h×w: [64, 4h, 4w] and [64, 2h, 2w] floats. */
export function decoderScratch(height: number, width: number) {
  return { large: 4 * 64 * 16 * height * width, small: 4 * 64 * 4 * height * width };
}

/** How deconv3_1 … deconv1_1 run: their fusions and the size each runs at, as a multiple of the features'. */
export const DECODER_CONV_USES: readonly ConvUse[] = [
  { options: { relu: true }, scale: 1 },
  { options: { relu: true, upsampleInput: true }, scale: 2 },
  { options: { relu: true }, scale: 2 },
  { options: { relu: true, upsampleInput: true }, scale: 4 },
  { options: { relu: false }, scale: 4 },
];

/**
 * The inverse net on the GPU: relu3_1 features [256, h, w] → pixels of 4h × 4w (or a crop of them). Both nearest
 * upsamplings are fused into the reads of the conv after them. The unclamped RGB is left in the small scratch.
 */
export class DecoderGraph {
  readonly #convs: readonly GpuConv[];
  /**
   * `variants`: how each conv runs (by index; default direct), the tuner's choice; `scratch` for Winograd layers;
   * `precision`: how the weights are stored.
   */
  constructor(context: KernelContext, weights: DecoderWeights, variants: readonly ConvVariant[] = [], scratch?: WinogradScratch, precision: Precision = 'f32') {
    this.#convs = weights.convs.map((conv, i) => uploadConv(context, conv, variants[i], scratch, precision));
  }

  /** The five convolutions: features [256, h, w] → unclamped RGB [3, 4h, 4w], left in the small scratch. */
  convs(k: KernelContext, features: GPUBuffer, size: { height: number; width: number }, arena: ScratchArena): Promise<Dispatch>[] {
    const large = arena.get('large');
    const small = arena.get('small');
    const io: [GPUBuffer, GPUBuffer][] = [
      [features, small],
      [small, large],
      [large, small],
      [small, large],
      [large, small],
    ];
    return this.#convs.flatMap((conv, i) => {
      const { options, scale } = DECODER_CONV_USES[i]!;
      return conv3x3(k, conv, options, { height: size.height * scale, width: size.width * scale }, ...io[i]!);
    });
  }

  /** The convolutions, then RGBA8 `pixels`; with `extras`, they carry the content's alpha and, when the controls say so, its colour. */
  dispatches(
    k: KernelContext,
    features: GPUBuffer,
    size: { height: number; width: number },
    arena: ScratchArena,
    output: ImageOutputLayout,
    pixels: GPUBuffer,
    extras?: ImageOutputExtras,
  ): Promise<Dispatch>[] {
    return [...this.convs(k, features, size, arena), tensorToImage(k, 'decoder.tensor_to_image', output, arena.get('small'), pixels, extras)];
  }
}
