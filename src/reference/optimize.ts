// The optimisation mode on the CPU: every backward piece as the plain adjoint of its forward (scatter where the GPU
// kernels gather), the objective and its whole gradient, and Adam. What the GPU kernels are tested against; the
// pieces are themselves checked against finite differences (test/referenceOptimize.test.ts).
import type { EncoderWeights } from '../model/weights';
import { referenceEncoder } from './networks';
import { reflect, tensor, type Tensor } from './tensor';

/** The input gradient of conv3x3 (reflection padding 1): each output gradient × weight, sent to the pixel it read. */
export function conv3x3InputGrad(gradOut: Tensor, weight: Float32Array, inChannels: number, activation?: Tensor): Tensor {
  const { channels: outC, height: H, width: W } = gradOut;
  const out = tensor(inChannels, H, W);
  const grad = new Float64Array(out.data.length);
  for (let o = 0; o < outC; o++) {
    for (let c = 0; c < inChannels; c++) {
      for (let dy = 0; dy < 3; dy++) {
        for (let dx = 0; dx < 3; dx++) {
          const w = weight[((o * inChannels + c) * 3 + dy) * 3 + dx]!;
          for (let y = 0; y < H; y++) {
            const sy = reflect(y + dy - 1, H);
            for (let x = 0; x < W; x++) grad[(c * H + sy) * W + reflect(x + dx - 1, W)]! += w * gradOut.data[(o * H + y) * W + x]!;
          }
        }
      }
    }
  }
  for (let i = 0; i < grad.length; i++) out.data[i] = activation && activation.data[i]! <= 0 ? 0 : grad[i]!;
  return out;
}

/** The gradient through 2x2 max pooling (floor) of a ReLU's output: to each block's first maximum, masked by the ReLU. */
export function maxpoolGrad(activation: Tensor, gradPooled: Tensor): Tensor {
  const { channels: C, height: H, width: W } = activation;
  const out = tensor(C, H, W);
  const [h, w] = [Math.floor(H / 2), Math.floor(W / 2)];
  for (let c = 0; c < C; c++) {
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const block = [0, 1, W, W + 1].map((d) => c * H * W + 2 * y * W + 2 * x + d);
        let first = block[0]!;
        for (const j of block) if (activation.data[j]! > activation.data[first]!) first = j;
        if (activation.data[first]! > 0) out.data[first] = gradPooled.data[(c * h + y) * w + x]!;
      }
    }
  }
  return out;
}

/** L = Σ (f − t)² and its gradient through the ReLU that made f. */
export function featureLoss(features: Tensor, target: Tensor): { loss: number; grad: Tensor } {
  const grad = tensor(features.channels, features.height, features.width);
  let loss = 0;
  features.data.forEach((f, i) => {
    const d = f - target.data[i]!;
    loss += d * d;
    grad.data[i] = f > 0 ? 2 * d : 0;
  });
  return { loss, grad };
}

/** TV over the top-left width × height of padded planes, and λ × its gradient (zero on the padding). */
export function totalVariation(planes: Tensor, width: number, height: number, weight: number): { tv: number; grad: Tensor } {
  const { channels: C, height: Hp, width: Wp } = planes;
  const grad = tensor(C, Hp, Wp);
  let tv = 0;
  const at = (c: number, y: number, x: number) => (c * Hp + y) * Wp + x;
  for (let c = 0; c < C; c++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        for (const [ny, nx] of [
          [y, x + 1],
          [y + 1, x],
        ] as const) {
          if (ny >= height || nx >= width) continue;
          const d = planes.data[at(c, ny, nx)]! - planes.data[at(c, y, x)]!;
          tv += d * d;
          grad.data[at(c, ny, nx)]! += 2 * weight * d;
          grad.data[at(c, y, x)]! -= 2 * weight * d;
        }
      }
    }
  }
  return { tv, grad };
}

const reflectInto = (i: number, n: number) => (i < n ? i : Math.min(2 * n - 2 - Math.min(i, 2 * n - 2), n - 1));

/** An image of width × height reflection-padded to padded planes (as the encoder's input is padded). */
export function reflectFill(image: Tensor, paddedHeight: number, paddedWidth: number): Tensor {
  const out = tensor(image.channels, paddedHeight, paddedWidth);
  for (let c = 0; c < image.channels; c++) {
    for (let y = 0; y < paddedHeight; y++) {
      for (let x = 0; x < paddedWidth; x++)
        out.data[(c * paddedHeight + y) * paddedWidth + x] =
          image.data[(c * image.height + reflectInto(y, image.height)) * image.width + reflectInto(x, image.width)]!;
    }
  }
  return out;
}

/** The adjoint of reflectFill: each padded position's gradient added into the image pixel it copies. */
export function reflectAdjoint(grad: Tensor, height: number, width: number): Tensor {
  const out = tensor(grad.channels, height, width);
  for (let c = 0; c < grad.channels; c++) {
    for (let y = 0; y < grad.height; y++) {
      for (let x = 0; x < grad.width; x++)
        out.data[(c * height + reflectInto(y, height)) * width + reflectInto(x, width)]! += grad.data[(c * grad.height + y) * grad.width + x]!;
    }
  }
  return out;
}

/** L(I) = ‖Φ(I) − T‖² + λ TV(I) for an image I [3, H, W] in [0, 1], and ∂L/∂I, through the whole encoder. */
export function objective(
  weights: EncoderWeights,
  image: Tensor,
  target: Tensor,
  tvWeight: number,
): { loss: number; featureLoss: number; tv: number; grad: Tensor } {
  const padded = reflectFill(image, Math.ceil(image.height / 4) * 4, Math.ceil(image.width / 4) * 4);
  const a = referenceEncoder(weights, padded);
  const [c11, c12, c21, c22, c31] = weights.convs;
  const loss = featureLoss(a.relu3_1!, target);
  const g31 = conv3x3InputGrad(loss.grad, c31!.weight, c31!.inChannels);
  const g22 = maxpoolGrad(a.relu2_2!, g31);
  const g21 = conv3x3InputGrad(g22, c22!.weight, c22!.inChannels, a.relu2_1);
  const g12 = maxpoolGrad(a.relu1_2!, conv3x3InputGrad(g21, c21!.weight, c21!.inChannels));
  const g11 = conv3x3InputGrad(g12, c12!.weight, c12!.inChannels, a.relu1_1);
  const gImage = reflectAdjoint(conv3x3InputGrad(g11, c11!.weight, c11!.inChannels), image.height, image.width);
  const tv = totalVariation(image, image.width, image.height, tvWeight);
  gImage.data.forEach((g, i) => (gImage.data[i] = g + tv.grad.data[i]!));
  return { loss: loss.loss + tvWeight * tv.tv, featureLoss: loss.loss, tv: tv.tv, grad: gImage };
}

/** One Adam step on `x` (in place, then clamped to [0, 1]) at step t (1-based); m and v in place too. */
export function adamStep(
  x: Float32Array,
  grad: Float32Array,
  m: Float32Array,
  v: Float32Array,
  t: number,
  s: { learningRate: number; beta1: number; beta2: number; epsilon: number },
): void {
  for (let i = 0; i < x.length; i++) {
    m[i] = s.beta1 * m[i]! + (1 - s.beta1) * grad[i]!;
    v[i] = s.beta2 * v[i]! + (1 - s.beta2) * grad[i]! ** 2;
    const step = (s.learningRate * (m[i]! / (1 - s.beta1 ** t))) / (Math.sqrt(v[i]! / (1 - s.beta2 ** t)) + s.epsilon);
    x[i] = Math.min(Math.max(x[i]! - step, 0), 1);
  }
}
