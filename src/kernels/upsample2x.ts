import code from '../../shaders/upsample2x.wgsl';
import { gridDispatch, type Dispatch, type KernelContext } from './kernel';
import type { Shape } from './shape';

/** Nearest-neighbour ×2 upsampling of `shape` (the input's). */
export function upsample2x(context: KernelContext, label: string, shape: Shape, input: GPUBuffer, output: GPUBuffer): Promise<Dispatch> {
  return gridDispatch(context, {
    label,
    name: 'upsample2x',
    code,
    params: [shape.channels, shape.height, shape.width],
    buffers: [input, output],
    threads: [2 * shape.width, 2 * shape.height, shape.channels],
  });
}
