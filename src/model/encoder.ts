import type { ScratchArena } from '../gpu/arena';
import { conv3x3, uploadConv, type ConvUse, type GpuConv } from '../kernels/conv3x3';
import type { ConvVariant, Precision } from '../api';
import type { WinogradScratch } from '../kernels/winograd';
import { imageToTensor, type ImageInputLayout, type ImageStrip } from '../kernels/imageToTensor';
import type { KernelContext } from '../kernels/kernel';
import type { Dispatch } from '../gpu/dispatch';
import type { EncoderWeights } from './weights';

export const FEATURE_CHANNELS = 256;

/** relu3_1's size for an encoder input: two floor-halvings. */
export function featureSize(height: number, width: number) {
  return { height: Math.floor(height / 4), width: Math.floor(width / 4) };
}

/** Scratch bytes the encoder needs for an input of H×W: relu1_1 (64·H·W) and image/pool1 (16·H·W floats). */
export function encoderScratch(height: number, width: number) {
  return { large: 4 * 64 * height * width, small: 4 * 16 * height * width };
}

/** How conv1_1 … conv3_1 run: their fusions and the size each runs at, as a fraction of the input's. */
export const ENCODER_CONV_USES: readonly ConvUse[] = [
  { options: { relu: true }, scale: 1 },
  { options: { relu: true, pool: true }, scale: 1 },
  { options: { relu: true }, scale: 1 / 2 },
  { options: { relu: true, pool: true }, scale: 1 / 2 },
  { options: { relu: true }, scale: 1 / 4 },
];

/**
 * VGG19 to relu3_1 on the GPU: pixels → [256, ⌊H/4⌋, ⌊W/4⌋]. conv0 is folded into conv1_1 (model/weights.ts) and
 * both max pools into the conv before them, so the full-resolution relu1_2 never reaches memory.
 */
export class EncoderGraph {
  readonly #convs: readonly GpuConv[];
  /**
   * `variants`: how each conv runs (by index; default direct), the tuner's choice; `scratch` for Winograd layers;
   * `precision`: how the weights are stored.
   */
  constructor(context: KernelContext, weights: EncoderWeights, variants: readonly ConvVariant[] = [], scratch?: WinogradScratch, precision: Precision = 'f32') {
    this.#convs = weights.convs.map((conv, i) => uploadConv(context, conv, variants[i], scratch, precision));
  }

  /** The five convs on the GPU (conv1_1 … conv3_1), for graphs that run them differently (model/encoderGradient.ts). */
  get layers(): readonly GpuConv[] {
    return this.#convs;
  }

  /**
   * The image conversion into the encoder's input `tensor` (RGB [3, padded h, padded w]): one dispatch per strip,
   * each reading the strip's rows from `pixels`. With `alpha`, the image's downscaled alpha is kept there too.
   */
  convert(
    k: KernelContext,
    layout: ImageInputLayout,
    pixels: GPUBuffer,
    tensor: GPUBuffer,
    strips: readonly ImageStrip[],
    alpha?: GPUBuffer,
  ): Promise<Dispatch>[] {
    return strips.map((strip, i) => imageToTensor(k, `encoder.image_to_tensor[strip ${i}]`, layout, pixels, tensor, alpha, strip));
  }

  /**
   * The convolutions, from the converted input `tensor` (RGB of `full`, a multiple of 4) to relu3_1 in `features`.
   * `tensor` may be the small scratch (it is overwritten after conv1_1 has read it) or a buffer of the caller's that
   * must outlive the encoder.
   */
  convs(k: KernelContext, full: { height: number; width: number }, tensor: GPUBuffer, arena: ScratchArena, features: GPUBuffer): Promise<Dispatch>[] {
    const large = arena.get('large');
    const small = arena.get('small');
    const io: [GPUBuffer, GPUBuffer][] = [
      [tensor, large],
      [large, small],
      [small, large],
      [large, small],
      [small, features],
    ];
    return this.#convs.flatMap((conv, i) => {
      const { options, scale } = ENCODER_CONV_USES[i]!;
      const shape = { height: full.height * scale, width: full.width * scale }; // full is a multiple of 4
      return conv3x3(k, conv, options, shape, ...io[i]!);
    });
  }
}
