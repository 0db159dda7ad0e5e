import { tensor, type Tensor } from './tensor';

/** Strength: α·swapped + (1 − α)·content, per value (what the inverse net then decodes). */
export function strengthBlend(swapped: Tensor, content: Tensor, alpha: number): Tensor {
  return tensor(swapped.channels, swapped.height, swapped.width, swapped.data.map((s, i) => alpha * s + (1 - alpha) * content.data[i]!));
}

const luma = (r: number, g: number, b: number) => 0.299 * r + 0.587 * g + 0.114 * b;
const clamp01 = (v: number) => Math.min(Math.max(v, 0), 1);

/**
 * Colour preservation on RGB tensors of one size: y (the decoded image) is clamped to [0, 1], then
 * out = clamp(c + (lum(y) − lum(c))): the stylized luminance with the content's chroma.
 */
export function preserveColor(decoded: Tensor, content: Tensor): Tensor {
  const plane = decoded.width * decoded.height;
  const out = tensor(3, decoded.height, decoded.width);
  for (let i = 0; i < plane; i++) {
    const y = [0, 1, 2].map((c) => clamp01(decoded.data[c * plane + i]!));
    const c = [0, 1, 2].map((k) => content.data[k * plane + i]!);
    const shift = luma(y[0]!, y[1]!, y[2]!) - luma(c[0]!, c[1]!, c[2]!);
    for (let k = 0; k < 3; k++) out.data[k * plane + i] = clamp01(c[k]! + shift);
  }
  return out;
}
