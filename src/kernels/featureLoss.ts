import code from '../../shaders/feature_loss.wgsl';
import type { Dispatch } from '../gpu/dispatch';
import { createDispatch, type KernelContext } from './kernel';
import { wgslConstant } from './wgslConstants';

const WORKGROUP = wgslConstant(code, 'WORKGROUP_SIZE');

/** Values of `partial` feature_loss writes for `count` values: one per workgroup. */
export const featureLossPartials = (count: number) => Math.ceil(count / WORKGROUP);

/** grad = 2 (f − t)·[f > 0] and the per-workgroup sums of (f − t)². */
export function featureLoss(
  context: KernelContext,
  count: number,
  buffers: { features: GPUBuffer; target: GPUBuffer; grad: GPUBuffer; partial: GPUBuffer },
): Promise<Dispatch> {
  return createDispatch(context, {
    label: 'feature_loss',
    kernel: { name: 'feature_loss', code, constants: {} },
    workgroupSize: [WORKGROUP, 1, 1],
    params: { count },
    buffers: { features: buffers.features, target_features: buffers.target, grad: buffers.grad, partial: buffers.partial },
    threads: [count, 1, 1],
  });
}
