import gramCode from '../../shaders/gram.wgsl';
import gramSubgroupCode from '../../shaders/gram_subgroup.wgsl';
import gramTiledCode from '../../shaders/gram_tiled.wgsl';
import reduceCode from '../../shaders/match_reduce.wgsl';
import weightStyleCode from '../../shaders/weight_style.wgsl';
import windowMatchCode from '../../shaders/window_match.wgsl';
import windowMatchLanesCode from '../../shaders/window_match_lanes.wgsl';
import { createDispatch, type DispatchSpec, type KernelContext } from './kernel';
import type { Dispatch } from '../gpu/dispatch';
import type { SwapGeometry } from './swapGeometry';
import type { LaunchSettings } from './launchSettings';
import { wgslConstant } from './wgslConstants';

const GRAM_PIXELS = wgslConstant(gramCode, 'PIXELS');
const GRAM_STYLE_PIXELS = 4 * wgslConstant(gramCode, 'GROUPS');
/** A Gram kernel that computes a tile per workgroup, with its tile as its source declares it. */
function workgroupTiled(name: string, code: string) {
  return {
    kernel: { name, code, constants: {} },
    pixels: wgslConstant(code, 'TILE_PIXELS'),
    groups: wgslConstant(code, 'TILE_GROUPS'),
    workgroup: wgslConstant(code, 'WORKGROUP'),
  };
}
const WORKGROUP_TILED_GRAMS = { tiled: workgroupTiled('gram_tiled', gramTiledCode), subgroup: workgroupTiled('gram_subgroup', gramSubgroupCode) };
const SMALL_WORKGROUP = 64;
const LANES_WINDOWS_PER_ROW = wgslConstant(windowMatchLanesCode, 'WINDOWS_PER_ROW');

/** Style pixels per row of the weighted style and of the Gram band: padded to the GEMM tile. */
export function paddedStylePixels(g: SwapGeometry): number {
  return Math.ceil((g.style.height * g.style.width) / GRAM_STYLE_PIXELS) * GRAM_STYLE_PIXELS;
}

/** A band of content window rows, with the content rows its windows read. */
export interface MatchBand {
  readonly firstWindow: number;
  readonly windows: number;
  readonly firstRow: number;
  readonly rows: number;
}

/**
 * Splits the content windows into bands of whole window rows whose Gram rows fit `budgetBytes` (at least one
 * window row per band, whatever the budget).
 */
export function matchBands(g: SwapGeometry, budgetBytes: number): { bands: MatchBand[]; gramBytes: number } {
  const bytesPerRow = 4 * g.content.width * paddedStylePixels(g);
  const fitRows = Math.floor(budgetBytes / bytesPerRow);
  const windowRows = Math.max(1, Math.min(g.contentRows, Math.floor((fitRows - g.patchSize) / g.stride) + 1));
  const bands: MatchBand[] = [];
  for (let row = 0; row < g.contentRows; row += windowRows) {
    const count = Math.min(windowRows, g.contentRows - row);
    bands.push({ firstWindow: row * g.contentCols, windows: count * g.contentCols, firstRow: row * g.stride, rows: (count - 1) * g.stride + g.patchSize });
  }
  const maxRows = Math.max(...bands.map((b) => b.rows));
  return { bands, gramBytes: maxRows * bytesPerRow };
}

/** How the style range of each band is divided: `splits` parts of `perSplit` windows, `partials` (max, index) pairs per content window. */
export interface MatchSplits {
  readonly splits: number;
  readonly perSplit: number;
  readonly partials: number;
}

/**
 * How many parts each band's style range is split into, so that `matchInvocations` run at once; style-major
 * window scores already run a workgroup of lanes per content window, each lane leaving its own (max, index).
 */
export function matchSplits(
  g: SwapGeometry,
  bandWindows: number,
  launch: Pick<LaunchSettings, 'matchInvocations' | 'matchWorkgroup' | 'windowMatch'>,
): MatchSplits {
  const lanes = launch.windowMatch === 'style-major' ? launch.matchWorkgroup : 1;
  const wanted = Math.max(1, Math.min(Math.ceil(launch.matchInvocations / (bandWindows * lanes)), g.styleWindows));
  const perSplit = Math.ceil(g.styleWindows / wanted);
  const splits = Math.ceil(g.styleWindows / perSplit);
  return { splits, perSplit, partials: splits * lanes };
}

/** The style features × the match-space channel weight, padded for the Gram GEMM. */
export function weightStyle(context: KernelContext, g: SwapGeometry, style: GPUBuffer, channelWeights: GPUBuffer, weighted: GPUBuffer): Promise<Dispatch> {
  const padded = paddedStylePixels(g);
  return createDispatch(context, {
    label: 'weight_style',
    kernel: { name: 'weight_style', code: weightStyleCode, constants: { WORKGROUP_SIZE: SMALL_WORKGROUP } },
    workgroupSize: [SMALL_WORKGROUP, 1, 1],
    params: { channels: g.channels, pixels: g.style.height * g.style.width, padded_pixels: padded },
    buffers: { style, channel_weights: channelWeights, weighted },
    threads: [padded, g.channels, 1],
  });
}

/** Where the Gram GEMM reads its left operand: `pixels` rows from pixel `first`, at c · channelStride + p · pixelStride. */
export interface GramOperand {
  readonly channels: number;
  readonly channelStride: number;
  readonly pixelStride: number;
  readonly first: number;
  readonly pixels: number;
  /** Columns of the right operand and of the output, in vec4 groups (a multiple of GRAM_STYLE_PIXELS / 4). */
  readonly styleGroups: number;
}

/**
 * gram[p][q] = Σ_c content[c, first + p] · weightedStyle[c][q]: the match's GEMM, also the approximate match's
 * projections, as the launch settings' Gram variant (the same result from each, bit for bit).
 */
export function gramDispatch(
  context: KernelContext,
  label: string,
  a: GramOperand,
  buffers: { content: GPUBuffer; weightedStyle: GPUBuffer; gram: GPUBuffer },
): Promise<Dispatch> {
  const params = {
    channels: a.channels,
    channel_stride: a.channelStride,
    pixel_stride: a.pixelStride,
    band_start: a.first,
    band_pixels: a.pixels,
    style_groups: a.styleGroups,
  };
  const bindings = { content: buffers.content, weighted_style: buffers.weightedStyle, gram: buffers.gram };
  const variant = context.launch.gram;
  if (variant !== 'register') {
    const tile = WORKGROUP_TILED_GRAMS[variant];
    return createDispatch(context, {
      label,
      kernel: tile.kernel,
      workgroupSize: [tile.workgroup, 1, 1],
      params,
      buffers: bindings,
      threads: [Math.ceil(a.styleGroups / tile.groups) * tile.workgroup, Math.ceil(a.pixels / tile.pixels), 1],
    });
  }
  const workgroup = context.launch.matchWorkgroup;
  return createDispatch(context, {
    label,
    kernel: { name: 'gram', code: gramCode, constants: { WORKGROUP_SIZE: workgroup } },
    workgroupSize: [1, workgroup, 1],
    params,
    buffers: bindings,
    threads: [(4 * a.styleGroups) / GRAM_STYLE_PIXELS, Math.ceil(a.pixels / GRAM_PIXELS), 1],
  });
}

/**
 * Whether gram_subgroup.wgsl runs on this device: the subgroups feature, with subgroups of 4 to 64 invocations
 * (a pixel quad's 4 lanes in one subgroup, a 64-invocation workgroup made of whole ones).
 */
export function subgroupGramApplies(device: GPUDevice): boolean {
  const info = (device as GPUDevice & { adapterInfo?: { subgroupMinSize?: number; subgroupMaxSize?: number } }).adapterInfo;
  const min = info?.subgroupMinSize ?? 0;
  const max = info?.subgroupMaxSize ?? Infinity;
  return device.features.has('subgroups') && min >= 4 && max <= WORKGROUP_TILED_GRAMS.subgroup.workgroup;
}

export interface MatchBuffers {
  readonly content: GPUBuffer;
  readonly weightedStyle: GPUBuffer;
  readonly norms: GPUBuffer;
  readonly gram: GPUBuffer; // one band
  readonly partialScores: GPUBuffer; // [partials][nc] f32
  readonly partialIndices: GPUBuffer; // [partials][nc] u32
  readonly bestScore: GPUBuffer; // [nc] f32
  readonly argmax: GPUBuffer; // [nc] i32
}

/**
 * The patch match, band by band: the Gram GEMM of the band's content pixels with every style pixel, then the
 * window scores summed from it with a running argmax; finally the best over style splits. Never stores the
 * nc × ns scores: besides the feature maps it holds one band of Gram rows and O(nc · splits + ns).
 * Returns the dispatches in steps, one per band and one for the reduction: the boundaries where a run may report
 * progress or stop.
 */
export function match(context: KernelContext, g: SwapGeometry, bands: readonly MatchBand[], splits: MatchSplits, b: MatchBuffers): Promise<Dispatch[]>[] {
  const stylePixels = paddedStylePixels(g);
  const steps: Promise<Dispatch[]>[] = bands.map((band, n) => {
    const bandPixels = band.rows * g.content.width;
    return Promise.all([
      gramDispatch(
        context,
        `gram[band ${n}]`,
        {
          channels: g.channels,
          channelStride: g.content.height * g.content.width,
          pixelStride: 1,
          first: band.firstRow * g.content.width,
          pixels: bandPixels,
          styleGroups: stylePixels / 4,
        },
        {
          content: b.content,
          weightedStyle: b.weightedStyle,
          gram: b.gram,
        },
      ),
      createDispatch(context, {
        label: `window_match[band ${n}]`,
        ...windowScores(context.launch, band.windows, splits.splits, g.patchSize),
        params: windowScoreParams(g, band, splits.perSplit),
        buffers: { gram: b.gram, norms: b.norms, best_score: b.partialScores, best_index: b.partialIndices },
      }),
    ]);
  });
  steps.push(Promise.all([matchReduce(context, g, splits.partials, b)]));
  return steps;
}

/** The best (score, index) over `partials` partial results per content window, into bestScore and argmax. */
export function matchReduce(
  context: KernelContext,
  g: SwapGeometry,
  partials: number,
  b: Pick<MatchBuffers, 'partialScores' | 'partialIndices' | 'bestScore' | 'argmax'>,
): Promise<Dispatch> {
  return createDispatch(context, {
    label: 'match_reduce',
    kernel: { name: 'match_reduce', code: reduceCode, constants: { WORKGROUP_SIZE: SMALL_WORKGROUP } },
    workgroupSize: [SMALL_WORKGROUP, 1, 1],
    params: { content_windows: g.contentWindows, splits: partials },
    buffers: { best_score: b.partialScores, best_index: b.partialIndices, score: b.bestScore, argmax: b.argmax },
    threads: [g.contentWindows, 1, 1],
  });
}

/** The parameters of the window-score kernels (window_match, window_match_lanes, window_candidates) for one band. */
export function windowScoreParams(g: SwapGeometry, band: MatchBand, perSplit: number): Record<string, number> {
  return {
    content_width: g.content.width,
    style_width: g.style.width,
    stride: g.stride,
    content_cols: g.contentCols,
    content_windows: g.contentWindows,
    band_first_window: band.firstWindow,
    band_windows: band.windows,
    band_row: band.firstRow,
    style_cols: g.styleCols,
    style_windows: g.styleWindows,
    style_stride: paddedStylePixels(g),
    style_per_split: perSplit,
  };
}

/** The window-score kernel of the launch settings' layout, with its dispatch shape. */
function windowScores(launch: LaunchSettings, bandWindows: number, splits: number, patch: number): Pick<DispatchSpec, 'kernel' | 'workgroupSize' | 'threads'> {
  const workgroup = launch.matchWorkgroup;
  if (launch.windowMatch === 'content-major') {
    return {
      kernel: { name: 'window_match', code: windowMatchCode, constants: { WORKGROUP_SIZE: workgroup, PATCH: patch } },
      workgroupSize: [workgroup, 1, 1],
      threads: [bandWindows, splits, 1],
    };
  }
  return {
    kernel: { name: 'window_match_lanes', code: windowMatchLanesCode, constants: { LANES: workgroup, PATCH: patch } },
    workgroupSize: [workgroup, 1, 1],
    threads: [workgroup * Math.min(bandWindows, LANES_WINDOWS_PER_ROW), splits, Math.ceil(bandWindows / LANES_WINDOWS_PER_ROW)],
  };
}
