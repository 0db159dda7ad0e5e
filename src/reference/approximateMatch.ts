import { patchNorms, patchScore, windowPositions } from './swap';
import type { Tensor } from './tensor';

/** Σ over channels of basis[c][r] · map[c][pixel]: the map projected onto `rank` directions, CHW. */
function project(map: Tensor, basis: Float32Array, rank: number, channelWeights?: Float32Array): Tensor {
  const plane = map.height * map.width;
  const data = new Float32Array(rank * plane);
  for (let c = 0; c < map.channels; c++) {
    const w = channelWeights ? channelWeights[c]! : 1;
    for (let r = 0; r < rank; r++) {
      const b = basis[c * rank + r]! * w;
      for (let p = 0; p < plane; p++) data[r * plane + p]! += b * map.data[c * plane + p]!;
    }
  }
  return { channels: rank, height: map.height, width: map.width, data };
}

/**
 * The approximate match, plainly: every (content window, style window) scored on the features projected onto
 * `basis` ([channels][rank]; the style weighted first), the `candidates` best kept per content window (ties → the
 * lower index), and those scored exactly; the argmax is the best exact score (ties → the lower index).
 */
export function approximateMatchPatches(
  content: Tensor,
  style: Tensor,
  k: number,
  stride: number,
  channelWeights: Float32Array,
  basis: Float32Array,
  rank: number,
  candidates: number,
) {
  const norms = patchNorms(style, k, stride, channelWeights);
  const projectedContent = project(content, basis, rank);
  const projectedStyle = project(style, basis, rank, channelWeights);
  const ones = new Float32Array(rank).fill(1);
  const count = windowPositions(content.height, k, stride) * windowPositions(content.width, k, stride);
  const lists: number[][] = [];
  const argmax = new Int32Array(count);
  const best = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const scored = Array.from(norms, (_, j) => ({ j, score: patchScore(projectedContent, projectedStyle, k, stride, ones, norms, i, j) }));
    scored.sort((a, b) => b.score - a.score || a.j - b.j);
    const list = scored.slice(0, candidates).map((s) => s.j);
    lists.push(list);
    let bestScore = -Infinity;
    for (const j of list) {
      const score = patchScore(content, style, k, stride, channelWeights, norms, i, j);
      if (score > bestScore || (score === bestScore && j < argmax[i]!)) {
        bestScore = score;
        argmax[i] = j;
      }
    }
    best[i] = bestScore;
  }
  return { argmax, best, lists, norms };
}
