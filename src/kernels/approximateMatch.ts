// The approximate match (`match: 'approximate'`): candidates from features projected onto the style's leading
// principal directions, then an exact re-rank. The Gram GEMM, most of the exact match's time, shrinks by
// channels / APPROXIMATE_RANK; what is left is the window sums over the smaller Gram and the exact scores of
// CANDIDATES style windows per content window.
import rerankCode from '../../shaders/rerank_candidates.wgsl';
import secondMomentCode from '../../shaders/second_moment.wgsl';
import windowCandidatesCode from '../../shaders/window_candidates.wgsl';
import type { Dispatch } from '../gpu/dispatch';
import { createDispatch, type KernelContext } from './kernel';
import { gramDispatch, paddedStylePixels, windowScoreParams, type MatchBand, type MatchSplits } from './match';
import type { SwapGeometry } from './swapGeometry';
import { wgslConstant } from './wgslConstants';

/**
 * Channels the features are projected onto for the candidate search (of 256): 64 keep the exact argmax among the
 * candidates for ≥ 99.5% of windows on the bundled samples at 256² (32: 92–96%), measured by `npm run bench`.
 */
export const APPROXIMATE_RANK = 64;

/** Style windows per content window that are scored exactly (the shaders' list length). */
export const CANDIDATES = wgslConstant(windowCandidatesCode, 'CANDIDATES');

const MOMENT_WORKGROUP = 8;
const RERANK_WORKGROUP = 64;

/** moment = W Wᵀ of the weighted style W [channels][padded pixels]: what the projection is the leading eigenvectors of. */
export function secondMoment(context: KernelContext, g: SwapGeometry, weightedStyle: GPUBuffer, moment: GPUBuffer): Promise<Dispatch> {
  const blocks = Math.ceil(g.channels / 4);
  return createDispatch(context, {
    label: 'second_moment',
    kernel: { name: 'second_moment', code: secondMomentCode, constants: { WORKGROUP_SIZE: MOMENT_WORKGROUP } },
    workgroupSize: [MOMENT_WORKGROUP, MOMENT_WORKGROUP, 1],
    params: { channels: g.channels, style_groups: paddedStylePixels(g) / 4 },
    buffers: { weighted_style: weightedStyle, moment },
    threads: [blocks, blocks, 1],
  });
}

/**
 * The weighted style projected: projected[r][q] = Σ_c basis[c][r] · weightedStyle[c][q], channel-major and padded
 * like the weighted style, so the Gram GEMM reads it in its place. `basis` is [channels][APPROXIMATE_RANK].
 */
export function projectStyle(context: KernelContext, g: SwapGeometry, basis: GPUBuffer, weightedStyle: GPUBuffer, projected: GPUBuffer): Promise<Dispatch> {
  const a = {
    channels: g.channels,
    channelStride: APPROXIMATE_RANK,
    pixelStride: 1,
    first: 0,
    pixels: APPROXIMATE_RANK,
    styleGroups: paddedStylePixels(g) / 4,
  };
  return gramDispatch(context, 'project_style', a, { content: basis, weightedStyle, gram: projected });
}

/** The content features projected, pixel-major: projected[p][r] = Σ_c content[c][p] · basis[c][r]. */
function projectContent(context: KernelContext, g: SwapGeometry, basis: GPUBuffer, content: GPUBuffer, projected: GPUBuffer): Promise<Dispatch> {
  const pixels = g.content.height * g.content.width;
  const a = { channels: g.channels, channelStride: pixels, pixelStride: 1, first: 0, pixels, styleGroups: APPROXIMATE_RANK / 4 };
  return gramDispatch(context, 'project_content', a, { content, weightedStyle: basis, gram: projected });
}

/** GPU bytes per content window (≈ feature pixel) an approximate match adds: its projection and its candidate lists (splits capped below). */
export const APPROXIMATE_BYTES_PER_PIXEL = 4 * APPROXIMATE_RANK + 8 * CANDIDATES;

/**
 * The match's invocation target for the candidate search: each list holds CANDIDATES entries, so it splits the
 * style range 1 / CANDIDATES as finely as the exact match (the merge reads every split's list).
 */
export const candidateInvocations = (matchInvocations: number) => Math.max(1, Math.floor(matchInvocations / CANDIDATES));

/** Bytes of the projected content map (pixel-major, APPROXIMATE_RANK channels). */
export const projectedContentBytes = (g: SwapGeometry) => 4 * APPROXIMATE_RANK * g.content.height * g.content.width;

export interface ApproximateMatchBuffers {
  readonly content: GPUBuffer;
  readonly weightedStyle: GPUBuffer;
  readonly norms: GPUBuffer;
  readonly basis: GPUBuffer; // [channels][APPROXIMATE_RANK]
  readonly projectedStyle: GPUBuffer; // [APPROXIMATE_RANK][padded style pixels]
  readonly projectedContent: GPUBuffer; // [content pixels][APPROXIMATE_RANK]
  readonly gram: GPUBuffer; // one band
  readonly candidateScores: GPUBuffer; // [splits][CANDIDATES][nc] f32
  readonly candidateIndices: GPUBuffer; // [splits][CANDIDATES][nc] u32
  readonly bestScore: GPUBuffer; // [nc] f32
  readonly argmax: GPUBuffer; // [nc] i32
}

/**
 * The approximate match in steps like match(): the content's projection with the first band; per band the Gram GEMM
 * of the projected features and the candidate lists; last, the merge and exact re-rank into `argmax`. `splits`
 * comes from matchSplits with content-major window scores (a list per split and content window).
 */
export function approximateMatch(
  context: KernelContext,
  g: SwapGeometry,
  bands: readonly MatchBand[],
  splits: MatchSplits,
  b: ApproximateMatchBuffers,
): Promise<Dispatch[]>[] {
  const stylePixels = paddedStylePixels(g);
  const workgroup = context.launch.matchWorkgroup;
  const steps: Promise<Dispatch[]>[] = bands.map((band, n) =>
    Promise.all([
      ...(n === 0 ? [projectContent(context, g, b.basis, b.content, b.projectedContent)] : []),
      gramDispatch(
        context,
        `gram[projected, band ${n}]`,
        {
          channels: APPROXIMATE_RANK,
          channelStride: 1,
          pixelStride: APPROXIMATE_RANK,
          first: band.firstRow * g.content.width,
          pixels: band.rows * g.content.width,
          styleGroups: stylePixels / 4,
        },
        { content: b.projectedContent, weightedStyle: b.projectedStyle, gram: b.gram },
      ),
      createDispatch(context, {
        label: `window_candidates[band ${n}]`,
        kernel: { name: 'window_candidates', code: windowCandidatesCode, constants: { WORKGROUP_SIZE: workgroup, PATCH: g.patchSize } },
        workgroupSize: [workgroup, 1, 1],
        params: windowScoreParams(g, band, splits.perSplit),
        buffers: { gram: b.gram, norms: b.norms, cand_score: b.candidateScores, cand_index: b.candidateIndices },
        threads: [band.windows, splits.splits, 1],
      }),
    ]),
  );
  steps.push(
    Promise.all([
      createDispatch(context, {
        label: 'rerank_candidates',
        kernel: { name: 'rerank_candidates', code: rerankCode, constants: { WORKGROUP_SIZE: RERANK_WORKGROUP, PATCH: g.patchSize } },
        workgroupSize: [RERANK_WORKGROUP, 1, 1],
        params: {
          channels: g.channels,
          content_width: g.content.width,
          content_plane: g.content.height * g.content.width,
          style_width: g.style.width,
          style_stride: stylePixels,
          stride: g.stride,
          content_cols: g.contentCols,
          content_windows: g.contentWindows,
          style_cols: g.styleCols,
          style_windows: g.styleWindows,
          partials: splits.splits,
        },
        buffers: {
          content: b.content,
          weighted_style: b.weightedStyle,
          norms: b.norms,
          cand_score: b.candidateScores,
          cand_index: b.candidateIndices,
          score: b.bestScore,
          argmax: b.argmax,
        },
        threads: [g.contentWindows, 1, 1],
      }),
    ]),
  );
  return steps;
}
