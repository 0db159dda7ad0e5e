// The exact match without the Gram matrix, for strided patches (patch_correlation.wgsl): each content window
// against each style window as an implicit-im2col GEMM with a running argmax. Chosen by FLOPs, per geometry.
import patchCorrelationCode from '../../shaders/patch_correlation.wgsl';
import styleWindowsCode from '../../shaders/style_windows.wgsl';
import type { Dispatch } from '../gpu/dispatch';
import { createDispatch, type KernelContext } from './kernel';
import type { MatchBand } from './match';
import type { Shape } from './shape';
import type { SwapGeometry } from './swapGeometry';
import type { LaunchSettings } from './launchSettings';
import { wgslConstant } from './wgslConstants';

const WINDOWS = wgslConstant(patchCorrelationCode, 'WINDOWS');
const STYLE_GROUP = 16; // style windows an invocation scores at a time (its 4 vec4 accumulators)
const SMALL_WORKGROUP = 64;

/**
 * Whether the direct correlation does fewer multiplies than the Gram route: a window pair costs 2·C·k² directly
 * and 2·C·s⁴ through pixel-pair correlations (every pixel pair is computed, the windows are s apart), so k² < s⁴:
 * 3×3 patches from stride 2 on, 5×5 from stride 3.
 */
export const usesPatchCorrelation = (g: Pick<SwapGeometry, 'patchSize' | 'stride'>) => g.patchSize ** 2 < g.stride ** 4;

/** Style windows padded to the GEMM's group of 16: the row length of the style's patch vectors. */
const paddedWindows = (g: Pick<SwapGeometry, 'styleWindows'>) => Math.ceil(g.styleWindows / STYLE_GROUP) * STYLE_GROUP;

/** Bytes of a style's patch vectors (k²·C rows of padded windows) for these patch options. */
export function styleWindowsBytes(style: Shape, patchSize: number, stride: number): number {
  const along = (n: number) => Math.max(0, Math.ceil((n - patchSize + 1) / stride));
  return 4 * style.channels * patchSize * patchSize * paddedWindows({ styleWindows: along(style.height) * along(style.width) });
}

/** The weighted style's patch vectors side by side, [C·k²][padded windows], what patchCorrelation reads (style_windows.wgsl). */
export function styleWindows(context: KernelContext, g: SwapGeometry, style: GPUBuffer, channelWeights: GPUBuffer, windows: GPUBuffer): Promise<Dispatch> {
  return createDispatch(context, {
    label: 'style_windows',
    kernel: { name: 'style_windows', code: styleWindowsCode, constants: { WORKGROUP_SIZE: SMALL_WORKGROUP, PATCH: g.patchSize } },
    workgroupSize: [SMALL_WORKGROUP, 1, 1],
    params: {
      channels: g.channels,
      style_width: g.style.width,
      style_plane: g.style.height * g.style.width,
      stride: g.stride,
      style_cols: g.styleCols,
      style_windows: g.styleWindows,
      padded_windows: paddedWindows(g),
    },
    buffers: { style, channel_weights: channelWeights, windows },
    threads: [paddedWindows(g), g.channels * g.patchSize * g.patchSize, 1],
  });
}

/** How the style windows are split: `splits` workgroup columns, each walking `groupsPerSplit` groups of 16. */
export interface CorrelationSplits {
  readonly splits: number;
  readonly groupsPerSplit: number;
}

/** Splits enough for `matchInvocations` invocations in flight over a band of `bandWindows` content windows. */
export function correlationSplits(g: SwapGeometry, bandWindows: number, launch: Pick<LaunchSettings, 'matchInvocations'>): CorrelationSplits {
  const groups = Math.ceil(g.styleWindows / STYLE_GROUP);
  const wanted = Math.max(1, Math.min(Math.ceil(launch.matchInvocations / Math.ceil(bandWindows / WINDOWS)), groups));
  const groupsPerSplit = Math.ceil(groups / wanted);
  return { splits: Math.ceil(groups / groupsPerSplit), groupsPerSplit };
}

/** One dispatch per band of content windows (the steps a run may stop between), into [splits][nc] partial bests. */
export function patchCorrelation(
  context: KernelContext,
  g: SwapGeometry,
  bands: readonly MatchBand[],
  splits: CorrelationSplits,
  b: { content: GPUBuffer; styleWindows: GPUBuffer; norms: GPUBuffer; partialScores: GPUBuffer; partialIndices: GPUBuffer },
): Promise<Dispatch>[] {
  const workgroup = context.launch.matchWorkgroup;
  return bands.map((band, n) =>
    createDispatch(context, {
      label: `patch_correlation[band ${n}]`,
      kernel: { name: 'patch_correlation', code: patchCorrelationCode, constants: { WORKGROUP_SIZE: workgroup, PATCH: g.patchSize } },
      workgroupSize: [1, workgroup, 1],
      params: {
        channels: g.channels,
        content_width: g.content.width,
        content_plane: g.content.height * g.content.width,
        window_groups: paddedWindows(g) / 4,
        stride: g.stride,
        content_cols: g.contentCols,
        content_windows: g.contentWindows,
        band_first_window: band.firstWindow,
        band_windows: band.windows,
        style_windows: g.styleWindows,
        groups_per_split: splits.groupsPerSplit,
      },
      buffers: { content: b.content, windows: b.styleWindows, norms: b.norms, best_score: b.partialScores, best_index: b.partialIndices },
      threads: [splits.splits, Math.ceil(band.windows / WINDOWS), 1],
    }),
  );
}
