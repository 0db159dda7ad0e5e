import code from '../../shaders/image_to_tensor.wgsl';
import { gridDispatch, type Dispatch, type KernelContext } from './kernel';

/** RGBA8 (one u32 per pixel) → planar RGB [3, height, width] in [0,1]. */
export function imageToTensor(
  context: KernelContext,
  label: string,
  size: { height: number; width: number },
  pixels: GPUBuffer,
  output: GPUBuffer,
): Promise<Dispatch> {
  return gridDispatch(context, {
    label,
    name: 'image_to_tensor',
    code,
    params: [size.height, size.width],
    buffers: [pixels, output],
    threads: [size.width, size.height, 1],
  });
}
