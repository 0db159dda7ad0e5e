import code from '../../shaders/gather_average.wgsl';
import { createDispatch, type Dispatch, type KernelContext } from './kernel';
import type { SwapGeometry } from './swapGeometry';

/** The swapped features: per pixel, the mean of the chosen style windows' values over the windows covering it. */
export function gatherAverage(
  context: KernelContext,
  g: SwapGeometry,
  b: { content: GPUBuffer; style: GPUBuffer; argmax: GPUBuffer; output: GPUBuffer },
): Promise<Dispatch> {
  const [wx, wy] = context.tuning.workgroup;
  return createDispatch(context, {
    label: 'gather_average',
    kernel: { name: 'gather_average', code, constants: { WORKGROUP_X: wx, WORKGROUP_Y: wy, PATCH: g.patchSize } },
    workgroupSize: [wx, wy, 1],
    params: [g.channels, g.content.height, g.content.width, g.style.height, g.style.width, g.stride, g.contentRows, g.contentCols, g.styleCols],
    buffers: [b.content, b.style, b.argmax, b.output],
    threads: [g.content.width, g.content.height, 1],
  });
}
