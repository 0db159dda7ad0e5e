import code from '../../shaders/maxpool2x2.wgsl';
import { gridDispatch, type Dispatch, type KernelContext } from './kernel';
import type { Shape } from './shape';

/** 2x2 max pooling of `shape` (the input's) into ⌊h/2⌋ × ⌊w/2⌋. */
export function maxpool2x2(context: KernelContext, label: string, shape: Shape, input: GPUBuffer, output: GPUBuffer): Promise<Dispatch> {
  return gridDispatch(context, {
    label,
    name: 'maxpool2x2',
    code,
    params: [shape.channels, shape.height, shape.width],
    buffers: [input, output],
    threads: [Math.floor(shape.width / 2), Math.floor(shape.height / 2), shape.channels],
  });
}
