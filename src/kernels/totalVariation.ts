import code from '../../shaders/total_variation.wgsl';
import type { Dispatch } from '../gpu/dispatch';
import { createDispatch, type KernelContext } from './kernel';
import { wgslConstant } from './wgslConstants';

const WORKGROUP = wgslConstant(code, 'WORKGROUP_SIZE');

/** Values of `partial` total_variation writes for an image of `pixels`: one per workgroup of each of 3 channels. */
export const totalVariationPartials = (pixels: number) => 3 * Math.ceil(pixels / WORKGROUP);

/** grad += λ ∇TV(image) over the image's width × height, and per-workgroup sums of TV; λ from `settings`. */
export function totalVariation(
  context: KernelContext,
  size: { width: number; height: number; paddedWidth: number; paddedHeight: number },
  buffers: { settings: GPUBuffer; image: GPUBuffer; grad: GPUBuffer; partial: GPUBuffer },
): Promise<Dispatch> {
  return createDispatch(context, {
    label: 'total_variation',
    kernel: { name: 'total_variation', code, constants: {} },
    workgroupSize: [WORKGROUP, 1, 1],
    params: { width: size.width, height: size.height, padded_width: size.paddedWidth, padded_height: size.paddedHeight },
    buffers,
    threads: [size.width * size.height, 3, 1],
  });
}
