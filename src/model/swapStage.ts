import type { MatchMode } from '../api';
import { gatherAverage } from '../kernels/gatherAverage';
import type { Dispatch } from '../gpu/dispatch';
import { approximateMatch, CANDIDATES, candidateInvocations, projectedContentBytes } from '../kernels/approximateMatch';
import { match, matchBands, matchReduce, matchSplits, paddedStylePixels, weightStyle, type MatchBand } from '../kernels/match';
import { correlationSplits, patchCorrelation, styleWindows, styleWindowsBytes, usesPatchCorrelation } from '../kernels/patchCorrelation';
import { patchNorms } from '../kernels/patchNorms';
import type { SwapGeometry } from '../kernels/swapGeometry';
import type { PlanBuilder } from './plan';

/**
 * How a match runs: through the pixel Gram matrix (exact), by correlating strided patches directly (exact, and the
 * cheaper of all three where k² < s⁴, so an approximate match runs it too), or approximately on projected features.
 */
export type MatchRoute = 'gram' | 'patch correlation' | 'approximate';

export function matchRoute(g: Pick<SwapGeometry, 'patchSize' | 'stride'>, match: MatchMode): MatchRoute {
  if (usesPatchCorrelation(g)) return 'patch correlation';
  return match === 'approximate' ? 'approximate' : 'gram';
}

/** The approximate match's view of a style (see kernels/approximateMatch.ts): the basis and the style projected. */
export interface StyleProjection {
  readonly basis: GPUBuffer;
  readonly projectedStyle: GPUBuffer;
}

/** What the match reads: the features, the style's match inputs (those its route needs), the Gram band scratch. */
export interface SwapMaps {
  readonly content: GPUBuffer;
  readonly style: GPUBuffer;
  readonly weightedStyle: GPUBuffer;
  readonly norms: GPUBuffer;
  readonly gram: GPUBuffer;
  readonly swapped: GPUBuffer;
  /** Route 'patch correlation': the style's patch vectors. */
  readonly windows?: GPUBuffer;
  /** Route 'approximate': the style's projection. */
  readonly projection?: StyleProjection;
}

/**
 * The swap's dispatches: the banded match of `route` (in steps: one per band, then the reduction or re-rank) and
 * gather-average, which writes the swapped features into `maps.swapped`, leaving the content features as they are.
 * Besides the feature maps and one band of Gram rows (`maps.gram`, sized by gramScratch) it allocates
 * O(nc · partials) (approximate: O(nc · partials · CANDIDATES) and the projected content): the nc × ns scores are
 * never stored.
 */
export function swapDispatches(
  b: PlanBuilder,
  g: SwapGeometry,
  route: MatchRoute,
  maps: SwapMaps,
): { match: Promise<Dispatch[][]>; average: Promise<Dispatch>; argmax: GPUBuffer } {
  const { bands } = matchBands(g, b.context.launch.gramBudget);
  const outputs = { bestScore: b.buffer('match.best_score', 4 * g.contentWindows), argmax: b.buffer('match.argmax', 4 * g.contentWindows) };
  const steps =
    route === 'gram'
      ? gramSteps(b, g, bands, maps, outputs)
      : route === 'patch correlation'
        ? correlationSteps(b, g, bands, maps, outputs)
        : approximateSteps(b, g, bands, maps, outputs);
  return {
    match: Promise.all(steps),
    average: gatherAverage(b.context, g, { content: maps.content, style: maps.style, argmax: outputs.argmax, swapped: maps.swapped }),
    argmax: outputs.argmax,
  };
}

type MatchOutputs = { readonly bestScore: GPUBuffer; readonly argmax: GPUBuffer };

function gramSteps(b: PlanBuilder, g: SwapGeometry, bands: readonly MatchBand[], maps: SwapMaps, outputs: MatchOutputs): Promise<Dispatch[]>[] {
  const splits = matchSplits(g, bands[0]!.windows, b.context.launch);
  const partials = {
    partialScores: b.buffer('match.partial_scores', 4 * splits.partials * g.contentWindows),
    partialIndices: b.buffer('match.partial_indices', 4 * splits.partials * g.contentWindows),
  };
  return match(b.context, g, bands, splits, { ...maps, ...partials, ...outputs });
}

/** The exact match of strided patches, window pair by window pair (kernels/patchCorrelation.ts): no Gram band. */
function correlationSteps(b: PlanBuilder, g: SwapGeometry, bands: readonly MatchBand[], maps: SwapMaps, outputs: MatchOutputs): Promise<Dispatch[]>[] {
  const splits = correlationSplits(g, bands[0]!.windows, b.context.launch);
  const partials = {
    partialScores: b.buffer('match.partial_scores', 4 * splits.splits * g.contentWindows),
    partialIndices: b.buffer('match.partial_indices', 4 * splits.splits * g.contentWindows),
  };
  if (!maps.windows) throw new Error(`the ${g.patchSize}×${g.patchSize} match at stride ${g.stride} needs the style's patch vectors (styleMatchInputs)`);
  const buffers = { ...maps, ...partials, ...outputs, styleWindows: maps.windows };
  const steps = patchCorrelation(b.context, g, bands, splits, buffers).map((step) => step.then((d) => [d]));
  return [...steps, matchReduce(b.context, g, splits.splits, buffers).then((d) => [d])];
}

function approximateSteps(b: PlanBuilder, g: SwapGeometry, bands: readonly MatchBand[], maps: SwapMaps, outputs: MatchOutputs) {
  const { projection } = maps;
  if (!projection) throw new Error("the approximate match needs the style's projection (core/styleProjection.ts)");
  const { launch } = b.context;
  const splits = matchSplits(g, bands[0]!.windows, {
    ...launch,
    windowMatch: 'content-major',
    matchInvocations: candidateInvocations(launch.matchInvocations),
  });
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

/** Bytes of the Gram band scratch the match needs (a token 4 where it correlates patches directly). */
export function gramScratch(g: SwapGeometry, budget: number, route: MatchRoute): number {
  return route === 'patch correlation' ? 4 : matchBands(g, budget).gramBytes;
}

/**
 * What the match reads of the style for one (patch size, stride, match space) and route: patch norms and weighted
 * style, and for the patch correlation the style's patch vectors (the approximate route adds its projection
 * afterwards: core/styleProjection.ts).
 */
export function styleMatchInputs(b: PlanBuilder, g: SwapGeometry, style: GPUBuffer, channelWeights: GPUBuffer, route: MatchRoute) {
  const norms = b.buffer('style.patch_norms', 4 * g.styleWindows);
  const weightedStyle = b.buffer('style.weighted', 4 * g.channels * paddedStylePixels(g));
  const windows = route === 'patch correlation' ? b.buffer('style.windows', styleWindowsBytes(g.style, g.patchSize, g.stride)) : undefined;
  const dispatches = Promise.all([
    patchNorms(b.context, g, style, channelWeights, norms),
    weightStyle(b.context, g, style, channelWeights, weightedStyle),
    ...(windows ? [styleWindows(b.context, g, style, channelWeights, windows)] : []),
  ]);
  return { dispatches, norms, weightedStyle, windows };
}
