import code from '../../shaders/reflect_padding.wgsl';
import type { Dispatch } from '../gpu/dispatch';
import { createDispatch, type KernelContext } from './kernel';

/**
 * On planes [channels, padded h, padded w] holding an image of width × height top-left: 'fill' writes the reflection
 * padding from the image; 'adjoint' adds each padding position's value into the image position it reflects.
 */
export function reflectPadding(
  context: KernelContext,
  mode: 'fill' | 'adjoint',
  size: { channels: number; width: number; height: number; paddedWidth: number; paddedHeight: number },
  planes: GPUBuffer,
): Promise<Dispatch> {
  const [wx, wy] = context.launch.workgroup;
  return createDispatch(context, {
    label: `reflect_padding.${mode}`,
    kernel: { name: 'reflect_padding', code, constants: { WORKGROUP_X: wx, WORKGROUP_Y: wy, FILL: Number(mode === 'fill') } },
    workgroupSize: [wx, wy, 1],
    params: { channels: size.channels, width: size.width, height: size.height, padded_width: size.paddedWidth, padded_height: size.paddedHeight },
    buffers: { planes },
    threads: [size.paddedWidth, size.paddedHeight, size.channels],
  });
}
