import { reflect, tensor, type Tensor } from './tensor';

/** 3x3 convolution, reflection padding 1, stride 1, + bias, optional ReLU. Weights OIHW. */
export function conv3x3(input: Tensor, weight: Float32Array, bias: Float32Array, outChannels: number, relu: boolean): Tensor {
  const { channels: inC, height: H, width: W } = input;
  const out = tensor(outChannels, H, W);
  const plane = H * W;
  for (let o = 0; o < outChannels; o++) {
    for (let y = 0; y < H; y++) {
      for (let x = 0; x < W; x++) {
        let sum = bias[o]!;
        for (let c = 0; c < inC; c++) {
          for (let dy = 0; dy < 3; dy++) {
            const row = c * plane + reflect(y + dy - 1, H) * W;
            for (let dx = 0; dx < 3; dx++) {
              sum += weight[((o * inC + c) * 3 + dy) * 3 + dx]! * input.data[row + reflect(x + dx - 1, W)]!;
            }
          }
        }
        out.data[o * plane + y * W + x] = relu ? Math.max(sum, 0) : sum;
      }
    }
  }
  return out;
}
