import type { ImageResult, RgbaImage } from '../types';
import { tensor, type Tensor } from './tensor';

/** RGBA8 pixels → planar RGB in [0,1] ([3, H, W]); alpha is ignored. */
export function imageToTensor(image: RgbaImage): Tensor {
  const { width: W, height: H } = image;
  const out = tensor(3, H, W);
  for (let i = 0; i < W * H; i++) {
    for (let c = 0; c < 3; c++) out.data[c * W * H + i] = image.data[4 * i + c]! / 255;
  }
  return out;
}

/** Planar RGB → RGBA8: clamped to [0,1], ×255, rounded; alpha 255. */
export function tensorToImage(input: Tensor): ImageResult {
  const { width: W, height: H } = input;
  const data = new Uint8ClampedArray(4 * W * H);
  for (let i = 0; i < W * H; i++) {
    for (let c = 0; c < 3; c++) data[4 * i + c] = Math.round(Math.min(Math.max(input.data[c * W * H + i]!, 0), 1) * 255);
    data[4 * i + 3] = 255;
  }
  return { width: W, height: H, data };
}
