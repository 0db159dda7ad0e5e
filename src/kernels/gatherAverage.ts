import code from '../../shaders/gather_average.wgsl';
import { createDispatch, type KernelContext } from './kernel';
import type { Dispatch } from '../gpu/dispatch';
import type { SwapGeometry } from './swapGeometry';

/** The swapped features: per pixel, the mean of the chosen style windows' values (uncovered pixels: the content's). */
export function gatherAverage(
  context: KernelContext,
  g: SwapGeometry,
  b: { content: GPUBuffer; style: GPUBuffer; argmax: GPUBuffer; swapped: GPUBuffer },
): Promise<Dispatch> {
  const [wx, wy] = context.launch.workgroup;
  return createDispatch(context, {
    label: 'gather_average',
    kernel: { name: 'gather_average', code, constants: { WORKGROUP_X: wx, WORKGROUP_Y: wy, PATCH: g.patchSize } },
    workgroupSize: [wx, wy, 1],
    params: {
      channels: g.channels,
      height: g.content.height,
      width: g.content.width,
      style_height: g.style.height,
      style_width: g.style.width,
      stride: g.stride,
      content_rows: g.contentRows,
      content_cols: g.contentCols,
      style_cols: g.styleCols,
    },
    buffers: { content: b.content, style: b.style, argmax: b.argmax, swapped: b.swapped },
    threads: [g.content.width, g.content.height, 1],
  });
}
