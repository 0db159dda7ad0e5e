import { tensor, type Tensor } from './tensor';

/** Nearest-neighbour upsampling ×2. */
export function upsample2x(input: Tensor): Tensor {
  const { channels: C, height: H, width: W } = input;
  const out = tensor(C, 2 * H, 2 * W);
  for (let c = 0; c < C; c++) {
    for (let y = 0; y < 2 * H; y++) {
      for (let x = 0; x < 2 * W; x++) {
        out.data[(c * 2 * H + y) * 2 * W + x] = input.data[(c * H + (y >> 1)) * W + (x >> 1)]!;
      }
    }
  }
  return out;
}
