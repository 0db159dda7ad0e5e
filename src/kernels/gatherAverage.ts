import code from '../../shaders/gather_average.wgsl';
import { createDispatch, type Dispatch, type KernelContext } from './kernel';
import type { SwapGeometry } from './swapGeometry';

/** The swapped features, over the content features in place: per pixel, the mean of the chosen style windows' values. */
export function gatherAverage(
  context: KernelContext,
  g: SwapGeometry,
  b: { features: GPUBuffer; style: GPUBuffer; argmax: GPUBuffer },
): Promise<Dispatch> {
  const [wx, wy] = context.tuning.workgroup;
  return createDispatch(context, {
    label: 'gather_average',
    kernel: { name: 'gather_average', code, constants: { WORKGROUP_X: wx, WORKGROUP_Y: wy, PATCH: g.patchSize } },
    workgroupSize: [wx, wy, 1],
    params: [g.channels, g.content.height, g.content.width, g.style.height, g.style.width, g.stride, g.contentRows, g.contentCols, g.styleCols],
    buffers: [b.features, b.style, b.argmax],
    threads: [g.content.width, g.content.height, 1],
  });
}
