import type { Tensor } from './tensor';
import { tensor } from './tensor';

/** Window positions along an axis of length n: 0, s, 2s, … ≤ n − k. */
export function windowPositions(n: number, k: number, stride: number): number {
  return n < k ? 0 : Math.floor((n - k) / stride) + 1;
}

/** Start offset (y·W + x) of window `index` in a map of width W, with `cols` windows per row. */
function windowStart(index: number, cols: number, stride: number, width: number): number {
  return Math.floor(index / cols) * stride * width + (index % cols) * stride;
}

/** ‖P_j‖ of every style window in the match space (channelWeights: caffe_scale², or 1). */
export function patchNorms(style: Tensor, k: number, stride: number, channelWeights: Float32Array): Float32Array {
  const { channels: C, height: H, width: W } = style;
  const cols = windowPositions(W, k, stride);
  const count = windowPositions(H, k, stride) * cols;
  const norms = new Float32Array(count);
  for (let j = 0; j < count; j++) {
    const start = windowStart(j, cols, stride, W);
    let total = 0;
    for (let c = 0; c < C; c++) {
      let sum = 0;
      for (let dy = 0; dy < k; dy++) {
        for (let dx = 0; dx < k; dx++) sum += style.data[c * H * W + start + dy * W + dx]! ** 2;
      }
      total += channelWeights[c]! * sum;
    }
    norms[j] = Math.sqrt(total);
  }
  return norms;
}

/** ⟨Q_i, P_j⟩_w / (n_j + 1e-8): the score of content window i against style window j. */
export function patchScore(
  content: Tensor,
  style: Tensor,
  k: number,
  stride: number,
  channelWeights: Float32Array,
  norms: Float32Array,
  i: number,
  j: number,
): number {
  const ci = windowStart(i, windowPositions(content.width, k, stride), stride, content.width);
  const sj = windowStart(j, windowPositions(style.width, k, stride), stride, style.width);
  const cPlane = content.height * content.width;
  const sPlane = style.height * style.width;
  let dot = 0;
  for (let c = 0; c < content.channels; c++) {
    let sum = 0;
    for (let dy = 0; dy < k; dy++) {
      const cRow = c * cPlane + ci + dy * content.width;
      const sRow = c * sPlane + sj + dy * style.width;
      for (let dx = 0; dx < k; dx++) sum += content.data[cRow + dx]! * style.data[sRow + dx]!;
    }
    dot += channelWeights[c]! * sum;
  }
  return dot / (norms[j]! + 1e-8);
}

/** argmax_j ⟨Q_i, P_j⟩_w / (n_j + 1e-8) for every content window i (ties → lowest j), and the best score. */
export function matchPatches(content: Tensor, style: Tensor, k: number, stride: number, channelWeights: Float32Array) {
  const norms = patchNorms(style, k, stride, channelWeights);
  const count = windowPositions(content.height, k, stride) * windowPositions(content.width, k, stride);
  const argmax = new Int32Array(count);
  const best = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    let bestScore = -Infinity;
    let bestIndex = 0;
    for (let j = 0; j < norms.length; j++) {
      const score = patchScore(content, style, k, stride, channelWeights, norms, i, j);
      if (score > bestScore) {
        bestScore = score;
        bestIndex = j;
      }
    }
    argmax[i] = bestIndex;
    best[i] = bestScore;
  }
  return { argmax, best, norms };
}

/** Each pixel: the mean of the chosen style windows' values over the content windows covering it, else content. */
export function gatherAverage(content: Tensor, style: Tensor, argmax: Int32Array, k: number, stride: number): Tensor {
  const { channels: C, height: H, width: W } = content;
  const rows = windowPositions(H, k, stride);
  const cols = windowPositions(W, k, stride);
  const sCols = windowPositions(style.width, k, stride);
  const out = tensor(C, H, W, Float32Array.from(content.data));
  const sums = new Float64Array(C * H * W);
  const counts = new Int32Array(H * W);
  for (let wy = 0; wy < rows; wy++) {
    for (let wx = 0; wx < cols; wx++) {
      const j = argmax[wy * cols + wx]!;
      const sy = Math.floor(j / sCols) * stride;
      const sx = (j % sCols) * stride;
      for (let dy = 0; dy < k; dy++) {
        for (let dx = 0; dx < k; dx++) {
          const p = (wy * stride + dy) * W + wx * stride + dx;
          counts[p]!++;
          for (let c = 0; c < C; c++) sums[c * H * W + p]! += style.data[(c * style.height + sy + dy) * style.width + sx + dx]!;
        }
      }
    }
  }
  for (let p = 0; p < H * W; p++) {
    if (counts[p]! > 0) for (let c = 0; c < C; c++) out.data[c * H * W + p] = sums[c * H * W + p]! / counts[p]!;
  }
  return out;
}

/** The whole swap: match then gather-average. */
export function referenceSwap(content: Tensor, style: Tensor, k: number, stride: number, channelWeights: Float32Array) {
  const match = matchPatches(content, style, k, stride, channelWeights);
  return { ...match, swapped: gatherAverage(content, style, match.argmax, k, stride) };
}
