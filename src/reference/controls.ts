import { tensor, type Tensor } from './tensor';

/** Strength: α·swapped + (1 − α)·content, per value (what the inverse net then decodes). */
export function strengthBlend(swapped: Tensor, content: Tensor, alpha: number): Tensor {
  return tensor(
    swapped.channels,
    swapped.height,
    swapped.width,
    swapped.data.map((s, i) => alpha * s + (1 - alpha) * content.data[i]!),
  );
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

/** A mask at feature resolution: the mean BT.601 luma over each 4×4 block of its converted RGB [3, 4h, 4w]. */
export function maskFeatures(rgb: Tensor): Float32Array {
  const [h, w] = [rgb.height / 4, rgb.width / 4];
  const plane = rgb.width * rgb.height;
  const out = new Float32Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      let sum = 0;
      for (let dy = 0; dy < 4; dy++) {
        for (let dx = 0; dx < 4; dx++) {
          const i = (4 * y + dy) * rgb.width + 4 * x + dx;
          sum += luma(rgb.data[i]!, rgb.data[plane + i]!, rgb.data[2 * plane + i]!);
        }
      }
      out[y * w + x] = sum / 16;
    }
  }
  return out;
}

/**
 * The style mix: per feature pixel F = Σ wᵢ·mᵢ·Fᵢ / Σ wᵢ·mᵢ (mᵢ ≡ 1 without a mask), or the content's features
 * where the denominator is 0.
 */
export function blendStyles(content: Tensor, swapped: readonly Tensor[], weights: readonly number[], masks: readonly (Float32Array | undefined)[]): Tensor {
  const pixels = content.height * content.width;
  const out = tensor(content.channels, content.height, content.width);
  for (let p = 0; p < pixels; p++) {
    const w = weights.map((weight, i) => weight * (masks[i]?.[p] ?? 1));
    const den = w.reduce((a, b) => a + b, 0);
    for (let c = 0; c < content.channels; c++) {
      const i = c * pixels + p;
      out.data[i] = den > 0 ? swapped.reduce((sum, f, k) => sum + w[k]! * f.data[i]!, 0) / den : content.data[i]!;
    }
  }
  return out;
}
