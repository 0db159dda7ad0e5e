import { gatherAverage } from '../kernels/gatherAverage';
import type { Dispatch } from '../gpu/dispatch';
import { approximateMatch, CANDIDATES, candidateInvocations, projectedContentBytes } from '../kernels/approximateMatch';
import { match, matchBands, matchSplits, paddedStylePixels, weightStyle, type MatchBand } from '../kernels/match';
import { patchNorms } from '../kernels/patchNorms';
import type { SwapGeometry } from '../kernels/swapGeometry';
import type { PlanBuilder } from './plan';

/** The approximate match's projection of a style (see kernels/approximateMatch.ts): its basis and projected style. */
export interface StyleProjection {
  readonly basis: GPUBuffer;
  readonly projectedStyle: GPUBuffer;
}

/** What the match reads: the features, the style's match inputs, the Gram band scratch; a projection makes it approximate. */
export interface SwapMaps {
  readonly content: GPUBuffer;
  readonly style: GPUBuffer;
  readonly weightedStyle: GPUBuffer;
  readonly norms: GPUBuffer;
  readonly gram: GPUBuffer;
  readonly swapped: GPUBuffer;
  readonly projection?: StyleProjection;
}

/**
 * The swap's dispatches: the banded match (in steps: one per band, then the reduction or re-rank) and
 * gather-average, which writes the swapped features into `maps.swapped`, leaving the content features as they are.
 * The match is exact, or approximate when `maps.projection` is given. Besides the feature maps and one band of Gram
 * rows (`maps.gram`, sized by gramScratch) it allocates O(nc · partials) (approximate: O(nc · partials · CANDIDATES)
 * and the projected content): the nc × ns scores are never stored.
 */
export function swapDispatches(b: PlanBuilder, g: SwapGeometry, maps: SwapMaps): { match: Promise<Dispatch[][]>; average: Promise<Dispatch>; argmax: GPUBuffer } {
  const { bands } = matchBands(g, b.context.tuning.gramBudget);
  const outputs = { bestScore: b.buffer('match.best_score', 4 * g.contentWindows), argmax: b.buffer('match.argmax', 4 * g.contentWindows) };
  const steps = maps.projection ? approximateSteps(b, g, bands, maps, maps.projection, outputs) : exactSteps(b, g, bands, maps, outputs);
  return {
    match: Promise.all(steps),
    average: gatherAverage(b.context, g, { content: maps.content, style: maps.style, argmax: outputs.argmax, swapped: maps.swapped }),
    argmax: outputs.argmax,
  };
}

type MatchOutputs = { readonly bestScore: GPUBuffer; readonly argmax: GPUBuffer };

function exactSteps(b: PlanBuilder, g: SwapGeometry, bands: readonly MatchBand[], maps: SwapMaps, outputs: MatchOutputs) {
  const splits = matchSplits(g, bands[0]!.windows, b.context.tuning);
  const partials = {
    partialScores: b.buffer('match.partial_scores', 4 * splits.partials * g.contentWindows),
    partialIndices: b.buffer('match.partial_indices', 4 * splits.partials * g.contentWindows),
  };
  return match(b.context, g, bands, splits, { ...maps, ...partials, ...outputs });
}

function approximateSteps(b: PlanBuilder, g: SwapGeometry, bands: readonly MatchBand[], maps: SwapMaps, projection: StyleProjection, outputs: MatchOutputs) {
  const { tuning } = b.context;
  const splits = matchSplits(g, bands[0]!.windows, { ...tuning, windowMatch: 'content-major', matchInvocations: candidateInvocations(tuning.matchInvocations) });
  const slots = 4 * splits.splits * CANDIDATES * g.contentWindows;
  const buffers = {
    ...maps,
    ...projection,
    ...outputs,
    projectedContent: b.buffer('match.projected_content', projectedContentBytes(g)),
    candidateScores: b.buffer('match.candidate_scores', slots),
    candidateIndices: b.buffer('match.candidate_indices', slots),
  };
  return approximateMatch(b.context, g, bands, splits, buffers);
}

/** Bytes of the Gram band scratch the match needs. */
export function gramScratch(g: SwapGeometry, budget: number): number {
  return matchBands(g, budget).gramBytes;
}

/** What the match reads of the style for one (patch size, stride, match space): patch norms and weighted style. */
export function styleMatchInputs(b: PlanBuilder, g: SwapGeometry, style: GPUBuffer, channelWeights: GPUBuffer) {
  const norms = b.buffer('style.patch_norms', 4 * g.styleWindows);
  const weightedStyle = b.buffer('style.weighted', 4 * g.channels * paddedStylePixels(g));
  const dispatches = Promise.all([patchNorms(b.context, g, style, channelWeights, norms), weightStyle(b.context, g, style, channelWeights, weightedStyle)]);
  return { dispatches, norms, weightedStyle };
}
