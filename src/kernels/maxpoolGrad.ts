import code from '../../shaders/maxpool_grad.wgsl';
import type { Dispatch } from '../gpu/dispatch';
import { createDispatch, type KernelContext } from './kernel';

/** The gradient through 2x2 max pooling of a ReLU's output `activation` ([channels, height, width], unpooled). */
export function maxpoolGrad(
  context: KernelContext,
  shape: { channels: number; height: number; width: number },
  buffers: { activation: GPUBuffer; gradPooled: GPUBuffer; gradIn: GPUBuffer },
): Promise<Dispatch> {
  const [wx, wy] = context.launch.workgroup;
  return createDispatch(context, {
    label: 'maxpool_grad',
    kernel: { name: 'maxpool_grad', code, constants: { WORKGROUP_X: wx, WORKGROUP_Y: wy } },
    workgroupSize: [wx, wy, 1],
    params: { channels: shape.channels, height: shape.height, width: shape.width },
    buffers: { activation: buffers.activation, grad_pooled: buffers.gradPooled, grad_in: buffers.gradIn },
    threads: [shape.width, shape.height, shape.channels],
  });
}
