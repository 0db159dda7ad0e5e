import code from '../../shaders/patch_norms.wgsl';
import { createDispatch, type KernelContext } from './kernel';
import type { Dispatch } from '../gpu/dispatch';
import type { SwapGeometry } from './swapGeometry';

const WORKGROUP_SIZE = 64;

/** ‖style window‖ in the match space for every style window. */
export function patchNorms(context: KernelContext, g: SwapGeometry, style: GPUBuffer, channelWeights: GPUBuffer, norms: GPUBuffer): Promise<Dispatch> {
  return createDispatch(context, {
    label: 'patch_norms',
    kernel: { name: 'patch_norms', code, constants: { WORKGROUP_SIZE, PATCH: g.patchSize } },
    workgroupSize: [WORKGROUP_SIZE, 1, 1],
    params: {
      channels: g.channels,
      style_height: g.style.height,
      style_width: g.style.width,
      stride: g.stride,
      style_cols: g.styleCols,
      style_windows: g.styleWindows,
    },
    buffers: { style, channel_weights: channelWeights, norms },
    threads: [g.styleWindows, 1, 1],
  });
}
