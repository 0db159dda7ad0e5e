import code from '../../shaders/tensor_to_image.wgsl';
import { gridDispatch, type Dispatch, type KernelContext } from './kernel';

/** Planar RGB [3, height, width] → RGBA8 (one u32 per pixel), clamped to [0,1] and rounded. */
export function tensorToImage(
  context: KernelContext,
  label: string,
  size: { height: number; width: number },
  input: GPUBuffer,
  pixels: GPUBuffer,
): Promise<Dispatch> {
  return gridDispatch(context, {
    label,
    name: 'tensor_to_image',
    code,
    params: [size.height, size.width],
    buffers: [input, pixels],
    threads: [size.width, size.height, 1],
  });
}
