import type { Dispatch } from '../gpu/dispatch';
import { conv3x3, type GpuConv } from '../kernels/conv3x3';
import { conv3x3InputGrad, uploadInputGradWeights, type GpuInputGradWeights } from '../kernels/conv3x3InputGrad';
import type { KernelContext } from '../kernels/kernel';
import { maxpoolGrad } from '../kernels/maxpoolGrad';
import type { EncoderGraph } from './encoder';
import type { EncoderWeights } from './weights';

/** What the encoder's forward pass keeps for its backward pass: every ReLU output, unpooled, and both pools. */
export interface EncoderActivations {
  readonly relu1_1: GPUBuffer; // [64, H, W]
  readonly relu1_2: GPUBuffer; // [64, H, W]
  readonly pool1: GPUBuffer; // [64, H/2, W/2]
  readonly relu2_1: GPUBuffer; // [128, H/2, W/2]
  readonly relu2_2: GPUBuffer; // [128, H/2, W/2]
  readonly pool2: GPUBuffer; // [128, H/4, W/4]
  readonly relu3_1: GPUBuffer; // [256, H/4, W/4]
}

/**
 * The encoder run for the optimisation mode: forward keeping its activations (conv1_2 and conv2_2 run twice, once
 * unpooled for the backward pass and once with the pool fused, as the encoder always runs them), and backward from
 * a gradient at relu3_1 to the gradient at its RGB input, through every ReLU mask, both max pools and conv1_1 (conv0
 * folded in, so the input is RGB in [0, 1]).
 */
export class EncoderGradient {
  readonly #layers: readonly GpuConv[];
  readonly #transposed: readonly GpuInputGradWeights[];
  constructor(context: KernelContext, encoder: EncoderGraph, weights: EncoderWeights) {
    this.#layers = encoder.layers;
    this.#transposed = weights.convs.map((conv) => uploadInputGradWeights(context, conv));
  }

  /** relu3_1 of `image` (RGB [3, H, W]), keeping every activation in `a`. */
  forward(k: KernelContext, full: { height: number; width: number }, image: GPUBuffer, a: EncoderActivations): Promise<Dispatch>[] {
    const [c11, c12, c21, c22, c31] = this.#layers as [GpuConv, GpuConv, GpuConv, GpuConv, GpuConv];
    const half = { height: full.height / 2, width: full.width / 2 };
    const quarter = { height: full.height / 4, width: full.width / 4 };
    return [
      ...conv3x3(k, c11, { relu: true }, full, image, a.relu1_1),
      ...conv3x3(k, c12, { relu: true }, full, a.relu1_1, a.relu1_2),
      ...conv3x3(k, c12, { relu: true, pool: true }, full, a.relu1_1, a.pool1),
      ...conv3x3(k, c21, { relu: true }, half, a.pool1, a.relu2_1),
      ...conv3x3(k, c22, { relu: true }, half, a.relu2_1, a.relu2_2),
      ...conv3x3(k, c22, { relu: true, pool: true }, half, a.relu2_1, a.pool2),
      ...conv3x3(k, c31, { relu: true }, quarter, a.pool2, a.relu3_1),
    ];
  }

  /**
   * From `grad3` (∂L/∂relu3_1, already through relu3_1's mask) to ∂L/∂image in `gradImage`, ping-ponging through
   * `scratch` ([2] buffers of at least 64·H·W floats each; `grad3` may be scratch[0]).
   */
  backward(
    k: KernelContext,
    full: { height: number; width: number },
    a: EncoderActivations,
    grad3: GPUBuffer,
    scratch: readonly [GPUBuffer, GPUBuffer],
    gradImage: GPUBuffer,
  ): Promise<Dispatch>[] {
    const [t11, t12, t21, t22, t31] = this.#transposed as [
      GpuInputGradWeights,
      GpuInputGradWeights,
      GpuInputGradWeights,
      GpuInputGradWeights,
      GpuInputGradWeights,
    ];
    const [x, y] = scratch;
    const half = { height: full.height / 2, width: full.width / 2 };
    const quarter = { height: full.height / 4, width: full.width / 4 };
    return [
      conv3x3InputGrad(k, t31, quarter, { gradOut: grad3, gradIn: y }), // ∂/∂pool2
      maxpoolGrad(k, { channels: 128, ...half }, { activation: a.relu2_2, gradPooled: y, gradIn: x }), // ∂/∂relu2_2
      conv3x3InputGrad(k, t22, half, { gradOut: x, gradIn: y, activation: a.relu2_1 }), // ∂/∂relu2_1, masked
      conv3x3InputGrad(k, t21, half, { gradOut: y, gradIn: x }), // ∂/∂pool1
      maxpoolGrad(k, { channels: 64, ...full }, { activation: a.relu1_2, gradPooled: x, gradIn: y }), // ∂/∂relu1_2
      conv3x3InputGrad(k, t12, full, { gradOut: y, gradIn: x, activation: a.relu1_1 }), // ∂/∂relu1_1, masked
      conv3x3InputGrad(k, t11, full, { gradOut: x, gradIn: gradImage }), // ∂/∂image
    ];
  }
}
