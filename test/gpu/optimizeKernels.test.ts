// The optimisation mode's kernels, each alone against the CPU reference (src/reference/optimize.ts), at odd sizes,
// under the whole-test error scopes of gpuIt. The reference is checked against finite differences in
// test/referenceOptimize.test.ts.
import { describe, expect } from 'vitest';
import { createStorageBuffer } from '../../src/gpu/buffers';
import { adam, adamStepBytes } from '../../src/kernels/adam';
import { conv3x3InputGrad, uploadInputGradWeights } from '../../src/kernels/conv3x3InputGrad';
import { featureLoss, featureLossPartials } from '../../src/kernels/featureLoss';
import { maxpoolGrad } from '../../src/kernels/maxpoolGrad';
import { reflectPadding } from '../../src/kernels/reflectPadding';
import { totalVariation, totalVariationPartials } from '../../src/kernels/totalVariation';
import * as reference from '../../src/reference/optimize';
import { tensor } from '../../src/reference/tensor';
import { GEMM_TOLERANCE, expectClose, seededValues } from '../helpers/compare';
import { kernelContext, nanFilledBuffer, readBuffer, runDispatches, runKernel } from '../helpers/gpu';
import { gpuIt } from '../helpers/gpuTest';

const sum = (xs: ArrayLike<number>) => Array.from(xs).reduce((a, b) => a + b, 0);

describe('conv3x3_input_grad: the transposed conv with the reflection adjoint, optionally ReLU-masked', () => {
  const cases = [
    [3, 5, 1, 1],
    [5, 7, 2, 3],
    [6, 9, 7, 5],
    [13, 17, 9, 13],
    [4, 6, 11, 23], // several interior runs of 4 pixels, and the ragged end
  ] as const;
  for (const [inC, outC, H, W] of cases) {
    for (const masked of [false, true]) {
      gpuIt(`${outC}→${inC} channels, ${H}×${W}${masked ? ', masked' : ''}`, async ({ device }) => {
        const weight = seededValues(outC * inC * 9, inC * 7 + outC);
        const gradOut = tensor(outC, H, W, seededValues(outC * H * W, H * 31 + W));
        const activation = tensor(inC, H, W, seededValues(inC * H * W, inC + H, -1, 1));
        const expected = reference.conv3x3InputGrad(gradOut, weight, inC, masked ? activation : undefined);
        const actual = await runKernel(
          device,
          (k, [g, a], output) =>
            conv3x3InputGrad(
              k,
              uploadInputGradWeights(k, { name: 'conv', inChannels: inC, outChannels: outC, weight, bias: new Float32Array(outC) }),
              { height: H, width: W },
              { gradOut: g!, gradIn: output, activation: masked ? a : undefined },
            ),
          [gradOut.data, activation.data],
          4 * expected.data.length,
        );
        expectClose(new Float32Array(actual), expected.data, GEMM_TOLERANCE, 'conv3x3_input_grad');
      });
    }
  }
});

describe('maxpool_grad: to each block’s first maximum, ReLU-masked, odd edges dropped', () => {
  for (const [C, H, W] of [
    [3, 7, 9],
    [5, 6, 5],
    [2, 1, 3],
  ] as const) {
    gpuIt(`${C}×${H}×${W}, with ties and zeros`, async ({ device }) => {
      const values = seededValues(C * H * W, H + W, -1, 1).map((v) => Math.max(0, Math.round(v * 4) / 4)); // ReLU outputs with ties
      const activation = tensor(C, H, W, values);
      const gradPooled = tensor(C, Math.floor(H / 2), Math.floor(W / 2), seededValues(C * Math.floor(H / 2) * Math.floor(W / 2), C + 1));
      const expected = reference.maxpoolGrad(activation, gradPooled);
      const actual = await runKernel(
        device,
        (k, [a, g], output) => maxpoolGrad(k, { channels: C, height: H, width: W }, { activation: a!, gradPooled: g!, gradIn: output }),
        [activation.data, gradPooled.data],
        4 * expected.data.length,
      );
      expect(Array.from(new Float32Array(actual))).toEqual(Array.from(expected.data));
    });
  }
});

describe('feature_loss: Σ (f − t)² and 2 (f − t)·[f > 0]', () => {
  gpuIt('1001 values (not a multiple of the workgroup)', async ({ device }) => {
    const count = 1001;
    const f = tensor(
      1,
      1,
      count,
      seededValues(count, 3, -1, 1).map((v) => Math.max(0, v)),
    );
    const t = tensor(1, 1, count, seededValues(count, 4, -1, 1));
    const expected = reference.featureLoss(f, t);
    const k = kernelContext(device);
    const [fb, tb] = [createStorageBuffer(device, 'f', f.data), createStorageBuffer(device, 't', t.data)];
    const grad = nanFilledBuffer(device, 'grad', 4 * count);
    const partial = nanFilledBuffer(device, 'partial', 4 * featureLossPartials(count));
    const actual = await runDispatches(device, [await featureLoss(k, count, { features: fb, target: tb, grad, partial })], grad, 4 * count);
    expectClose(new Float32Array(actual), expected.grad.data, GEMM_TOLERANCE, 'feature_loss grad');
    const loss = sum(new Float32Array(await readBuffer(device, partial, 4 * featureLossPartials(count))));
    expect(Math.abs(loss - expected.loss) / expected.loss).toBeLessThan(1e-5);
  });
});

describe('total_variation: TV over the image part of padded planes, λ ∇TV added into grad', () => {
  for (const [W, H, Wp, Hp] of [
    [7, 5, 8, 8],
    [13, 9, 16, 12],
    [1, 3, 4, 4],
  ] as const) {
    gpuIt(`${W}×${H} in ${Wp}×${Hp}`, async ({ device }) => {
      const weight = 0.3;
      const image = tensor(3, Hp, Wp, seededValues(3 * Hp * Wp, W + H, 0, 1));
      const before = seededValues(3 * Hp * Wp, 9);
      const expected = reference.totalVariation(image, W, H, weight);
      const k = kernelContext(device);
      const grad = createStorageBuffer(device, 'grad', before);
      const partial = nanFilledBuffer(device, 'partial', 4 * totalVariationPartials(W * H));
      const settings = createStorageBuffer(device, 'settings', new Float32Array([weight]));
      const dispatch = await totalVariation(
        k,
        { width: W, height: H, paddedWidth: Wp, paddedHeight: Hp },
        { settings, image: createStorageBuffer(device, 'image', image.data), grad, partial },
      );
      const actual = new Float32Array(await runDispatches(device, [dispatch], grad, 4 * before.length));
      expectClose(
        actual,
        before.map((b, i) => b + expected.grad.data[i]!),
        GEMM_TOLERANCE,
        'total_variation grad',
      );
      const tv = sum(new Float32Array(await readBuffer(device, partial, 4 * totalVariationPartials(W * H))));
      expect(Math.abs(tv - expected.tv)).toBeLessThan(1e-4 * Math.max(1, expected.tv));
    });
  }
});

describe('reflect_padding: fill the padding from the image, and its adjoint', () => {
  for (const [W, H, Wp, Hp] of [
    [7, 5, 8, 8],
    [13, 9, 16, 12],
    [2, 1, 4, 4],
  ] as const) {
    gpuIt(`${W}×${H} → ${Wp}×${Hp}`, async ({ device }) => {
      const image = tensor(3, H, W, seededValues(3 * H * W, W * H, 0, 1));
      const planes = reference.reflectFill(image, Hp, Wp);
      const start = tensor(
        3,
        Hp,
        Wp,
        planes.data.map((v, i) => (i % Wp < W && Math.floor(i / Wp) % Hp < H ? v : NaN)),
      ); // padding unknown
      const k = kernelContext(device);
      const size = { channels: 3, width: W, height: H, paddedWidth: Wp, paddedHeight: Hp };
      const filled = createStorageBuffer(device, 'planes', start.data);
      expect(
        Array.from(new Float32Array(await runDispatches(device, [await reflectPadding(k, 'fill', size, filled)], filled, 4 * planes.data.length))),
      ).toEqual(Array.from(planes.data));
      const grad = tensor(3, Hp, Wp, seededValues(3 * Hp * Wp, 5));
      const expected = reference.reflectAdjoint(grad, H, W);
      const folded = createStorageBuffer(device, 'grad', grad.data);
      const actual = new Float32Array(await runDispatches(device, [await reflectPadding(k, 'adjoint', size, folded)], folded, 4 * grad.data.length));
      const inside = Array.from({ length: 3 * H * W }, (_, i) => actual[(Math.floor(i / (H * W)) * Hp + Math.floor((i % (H * W)) / W)) * Wp + (i % W)]!);
      expectClose(Float32Array.from(inside), expected.data, GEMM_TOLERANCE, 'reflect_padding adjoint');
    });
  }
});

describe('adam: three steps, then the clamp to [0, 1]', () => {
  gpuIt('999 values', async ({ device }) => {
    const count = 999;
    const settings = { learningRate: 0.05, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
    const x = seededValues(count, 1, 0, 1);
    const [m, v] = [new Float32Array(count), new Float32Array(count)];
    const k = kernelContext(device);
    const buffers = {
      step: createStorageBuffer(device, 'step', new Float32Array(8)),
      grad: createStorageBuffer(device, 'grad', new Float32Array(count)),
      m: createStorageBuffer(device, 'm', m),
      v: createStorageBuffer(device, 'v', v),
      image: createStorageBuffer(device, 'image', x),
    };
    const dispatch = await adam(k, count, buffers);
    for (let t = 1; t <= 3; t++) {
      const grad = seededValues(count, 10 + t, -2, 2);
      reference.adamStep(x, grad, m, v, t, settings);
      device.queue.writeBuffer(buffers.grad, 0, grad as Float32Array<ArrayBuffer>);
      device.queue.writeBuffer(buffers.step, 0, adamStepBytes(settings, t) as Float32Array<ArrayBuffer>);
      await runDispatches(device, [dispatch], buffers.image, 4);
    }
    expectClose(new Float32Array(await readBuffer(device, buffers.image, 4 * count)), x, { abs: 1e-6, rel: 1e-5 }, 'adam');
    expect(Math.min(...x)).toBe(0); // some values were clamped
  });
});
