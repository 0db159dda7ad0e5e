import code from '../../shaders/conv3x3_input_grad.wgsl';
import { createStorageBuffer } from '../gpu/buffers';
import type { Dispatch } from '../gpu/dispatch';
import type { ConvParams } from './convLayer';
import { createDispatch, placeholderBuffer, type KernelContext } from './kernel';

/** A conv's weights for its input gradient: OIHW → [out × 9][in groups of 4] (vec4 over input channels, zero-padded). */
export interface GpuInputGradWeights {
  readonly name: string;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly inGroups: number;
  readonly weights: GPUBuffer;
}

export function packInputGradWeights(conv: ConvParams): Float32Array {
  const inGroups = Math.ceil(conv.inChannels / 4);
  const packed = new Float32Array(conv.outChannels * 9 * inGroups * 4);
  for (let o = 0; o < conv.outChannels; o++) {
    for (let i = 0; i < conv.inChannels; i++) {
      for (let t = 0; t < 9; t++) packed[(o * 9 + t) * inGroups * 4 + i] = conv.weight[(o * conv.inChannels + i) * 9 + t]!;
    }
  }
  return packed;
}

export function uploadInputGradWeights(context: KernelContext, conv: ConvParams): GpuInputGradWeights {
  const weights = createStorageBuffer(context.device, `${conv.name}.input_grad_weights`, packInputGradWeights(conv));
  context.owned.push(weights);
  return { name: conv.name, inChannels: conv.inChannels, outChannels: conv.outChannels, inGroups: Math.ceil(conv.inChannels / 4), weights };
}

/**
 * The gradient at a conv3x3's input from the gradient at its output (`shape` is the conv's size); with `activation`,
 * masked by (activation > 0), the ReLU that made the conv's input.
 */
export function conv3x3InputGrad(
  context: KernelContext,
  conv: GpuInputGradWeights,
  shape: { height: number; width: number },
  buffers: { gradOut: GPUBuffer; gradIn: GPUBuffer; activation?: GPUBuffer },
): Promise<Dispatch> {
  const [wx, wy] = context.launch.workgroup;
  return createDispatch(context, {
    label: `${conv.name}.input_grad`,
    kernel: { name: 'conv3x3_input_grad', code, constants: { WORKGROUP_X: wx, WORKGROUP_Y: wy, MASK: Number(!!buffers.activation) } },
    workgroupSize: [wx, wy, 1],
    params: { in_channels: conv.inChannels, out_channels: conv.outChannels, height: shape.height, width: shape.width, in_groups: conv.inGroups },
    buffers: {
      grad_out: buffers.gradOut,
      weights: conv.weights,
      activation: buffers.activation ?? placeholderBuffer(context, `${conv.name}.input_grad.no_mask`),
      grad_in: buffers.gradIn,
    },
    threads: [Math.ceil(shape.width / 4), shape.height, conv.inGroups],
  });
}
