import type { PlanBuilder } from './plan';
import { gatherAverage } from '../kernels/gatherAverage';
import type { Dispatch } from '../kernels/kernel';
import { match, matchSplits } from '../kernels/match';
import { patchNorms } from '../kernels/patchNorms';
import type { SwapGeometry } from '../kernels/swapGeometry';

/**
 * The swap's dispatches: match (+ split reduction) and gather-average, which writes the swapped features over the
 * content features in place (each pixel reads only its own content value). Besides the feature maps it allocates
 * O(nc · splits + ns): the nc × ns scores are never stored.
 */
export function swapDispatches(
  b: PlanBuilder,
  g: SwapGeometry,
  maps: { content: GPUBuffer; style: GPUBuffer; channelWeights: GPUBuffer; norms: GPUBuffer },
): { match: Promise<Dispatch[]>; average: Promise<Dispatch>; argmax: GPUBuffer } {
  const splits = matchSplits(g, b.context.tuning.matchInvocations);
  const buffers = {
    ...maps,
    partialScores: b.buffer('match.partial_scores', 4 * splits.splits * g.contentWindows),
    partialIndices: b.buffer('match.partial_indices', 4 * splits.splits * g.contentWindows),
    bestScore: b.buffer('match.best_score', 4 * g.contentWindows),
    argmax: b.buffer('match.argmax', 4 * g.contentWindows),
  };
  return {
    match: match(b.context, g, splits, buffers),
    average: gatherAverage(b.context, g, { features: maps.content, style: maps.style, argmax: buffers.argmax }),
    argmax: buffers.argmax,
  };
}

/** The style windows' norms for one (patch size, stride, match space). */
export function normsDispatch(b: PlanBuilder, g: SwapGeometry, style: GPUBuffer, channelWeights: GPUBuffer): { dispatch: Promise<Dispatch>; norms: GPUBuffer } {
  const norms = b.buffer('style.patch_norms', 4 * g.styleWindows);
  return { dispatch: patchNorms(b.context, g, style, channelWeights, norms), norms };
}
