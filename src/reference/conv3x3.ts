import { reflect, tensor, type Tensor } from './tensor';

/** 3x3 convolution, reflection padding 1, stride 1, + bias, optional ReLU. Weights OIHW. */
export function conv3x3(input: Tensor, weight: Float32Array, bias: Float32Array, outChannels: number, relu: boolean): Tensor {
  const { channels: inC, height: H, width: W } = input;
  const out = tensor(outChannels, H, W);
  const plane = H * W;
  // Source row starts and columns of every tap, reflected once here rather than per multiply.
  const rows = [0, 1, 2].map((dy) => Int32Array.from({ length: H }, (_, y) => reflect(y + dy - 1, H) * W));
  const cols = [0, 1, 2].map((dx) => Int32Array.from({ length: W }, (_, x) => reflect(x + dx - 1, W)));
  const sums = new Float64Array(plane);
  for (let o = 0; o < outChannels; o++) {
    sums.fill(bias[o]!);
    for (let c = 0; c < inC; c++) {
      const channel = input.data.subarray(c * plane, (c + 1) * plane);
      for (let dy = 0; dy < 3; dy++) {
        const row = rows[dy]!;
        for (let dx = 0; dx < 3; dx++) {
          const col = cols[dx]!;
          const w = weight[((o * inC + c) * 3 + dy) * 3 + dx]!;
          for (let y = 0; y < H; y++) {
            const start = row[y]!;
            const at = y * W;
            for (let x = 0; x < W; x++) sums[at + x]! += w * channel[start + col[x]!]!;
          }
        }
      }
    }
    for (let p = 0; p < plane; p++) out.data[o * plane + p] = relu ? Math.max(sums[p]!, 0) : sums[p]!;
  }
  return out;
}
