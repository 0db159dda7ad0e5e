import { tensor, type Tensor } from './tensor';

/** 2x2 max pooling, stride 2; odd trailing rows/columns are dropped (floor). */
export function maxpool2x2(input: Tensor): Tensor {
  const { channels: C, height: H, width: W } = input;
  const h = Math.floor(H / 2);
  const w = Math.floor(W / 2);
  const out = tensor(C, h, w);
  for (let c = 0; c < C; c++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const i = c * H * W + 2 * y * W + 2 * x;
        const d = input.data;
        out.data[(c * h + y) * w + x] = Math.max(d[i]!, d[i + 1]!, d[i + W]!, d[i + W + 1]!);
      }
    }
  }
  return out;
}
