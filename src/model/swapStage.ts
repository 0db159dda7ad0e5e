import { gatherAverage } from '../kernels/gatherAverage';
import type { Dispatch } from '../gpu/dispatch';
import { match, matchBands, matchSplits, paddedStylePixels, weightStyle } from '../kernels/match';
import { patchNorms } from '../kernels/patchNorms';
import type { SwapGeometry } from '../kernels/swapGeometry';
import type { PlanBuilder } from './plan';

/**
 * The swap's dispatches: the banded match (in steps: one per band, then the reduction) and gather-average, which
 * writes the swapped features into `maps.swapped`, leaving the content features as they are. Besides the feature maps and one band of Gram rows (`maps.gram`, sized by gramScratch) it
 * allocates O(nc · partials): the nc × ns scores are never stored.
 */
export function swapDispatches(
  b: PlanBuilder,
  g: SwapGeometry,
  maps: { content: GPUBuffer; style: GPUBuffer; weightedStyle: GPUBuffer; norms: GPUBuffer; gram: GPUBuffer; swapped: GPUBuffer },
): { match: Promise<Dispatch[][]>; average: Promise<Dispatch>; argmax: GPUBuffer } {
  const { tuning } = b.context;
  const { bands } = matchBands(g, tuning.gramBudget);
  const splits = matchSplits(g, bands[0]!.windows, tuning);
  const buffers = {
    ...maps,
    partialScores: b.buffer('match.partial_scores', 4 * splits.partials * g.contentWindows),
    partialIndices: b.buffer('match.partial_indices', 4 * splits.partials * g.contentWindows),
    bestScore: b.buffer('match.best_score', 4 * g.contentWindows),
    argmax: b.buffer('match.argmax', 4 * g.contentWindows),
  };
  return {
    match: Promise.all(match(b.context, g, bands, splits, buffers)),
    average: gatherAverage(b.context, g, { content: maps.content, style: maps.style, argmax: buffers.argmax, swapped: maps.swapped }),
    argmax: buffers.argmax,
  };
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
