import type { ScratchArena } from '../gpu/arena';
import { conv3x3, uploadConv, type GpuConv } from '../kernels/conv3x3';
import type { KernelContext } from '../kernels/kernel';
import type { Dispatch } from '../gpu/dispatch';
import { tensorToImage, type ImageOutputExtras, type ImageOutputLayout } from '../kernels/tensorToImage';
import type { DecoderWeights } from './weights';

/** Scratch bytes the inverse net needs for features of h×w: [64, 4h, 4w] and [64, 2h, 2w] floats. */
export function decoderScratch(height: number, width: number) {
  return { large: 4 * 64 * 16 * height * width, small: 4 * 64 * 4 * height * width };
}

/**
 * The inverse net on the GPU: relu3_1 features [256, h, w] → pixels of 4h × 4w (or a crop of them). Both nearest
 * upsamplings are fused into the reads of the conv after them. The unclamped RGB is left in the small scratch.
 */
export class DecoderGraph {
  readonly #convs: readonly GpuConv[];
  constructor(context: KernelContext, weights: DecoderWeights) {
    this.#convs = weights.convs.map((conv) => uploadConv(context, conv));
  }

  /** The five convolutions: features [256, h, w] → unclamped RGB [3, 4h, 4w], left in the small scratch. */
  convs(k: KernelContext, features: GPUBuffer, size: { height: number; width: number }, arena: ScratchArena): Promise<Dispatch>[] {
    const [d31, d22, d21, d12, d11] = this.#convs as [GpuConv, GpuConv, GpuConv, GpuConv, GpuConv];
    const half = { height: 2 * size.height, width: 2 * size.width };
    const full = { height: 4 * size.height, width: 4 * size.width };
    const large = arena.get('large');
    const small = arena.get('small');
    return [
      conv3x3(k, d31, { relu: true }, size, features, small),
      conv3x3(k, d22, { relu: true, upsampleInput: true }, half, small, large),
      conv3x3(k, d21, { relu: true }, half, large, small),
      conv3x3(k, d12, { relu: true, upsampleInput: true }, full, small, large),
      conv3x3(k, d11, { relu: false }, full, large, small),
    ];
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
