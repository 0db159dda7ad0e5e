// The CPU reference of the optimisation mode (src/reference/optimize.ts) against central finite differences: each
// backward piece as the gradient of a scalar built from its forward, and the whole objective on a 16×12 image. The
// derivative is checked along random directions (an element-wise check would sit on ReLU kinks and max-pool ties).
import { describe, expect, it } from 'vitest';
import { conv3x3 } from '../src/reference/conv3x3';
import { maxpool2x2 } from '../src/reference/maxpool2x2';
import { referenceEncoder } from '../src/reference/networks';
import * as reference from '../src/reference/optimize';
import { tensor, type Tensor } from '../src/reference/tensor';
import { seededValues } from './helpers/compare';
import { modelWeights } from './helpers/weights';

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, v, i) => s + v * b[i]!, 0);
const along = (x: Tensor, d: Float32Array, e: number) =>
  tensor(
    x.channels,
    x.height,
    x.width,
    x.data.map((v, i) => v + e * d[i]!),
  );

/** (f(x + εd) − f(x − εd)) / 2ε against ⟨∇f, d⟩, relative to the larger of the two. */
function expectDirectionalDerivative(f: (x: Tensor) => number, x: Tensor, grad: ArrayLike<number>, seed: number, epsilon: number, tolerance: number) {
  const d = seededValues(x.data.length, seed);
  const numeric = (f(along(x, d, epsilon)) - f(along(x, d, -epsilon))) / (2 * epsilon);
  const analytic = dot(grad, d);
  expect(Math.abs(numeric - analytic) / Math.max(Math.abs(numeric), Math.abs(analytic), 1e-6), `numeric ${numeric}, analytic ${analytic}`).toBeLessThan(
    tolerance,
  );
}

describe('optimisation reference vs finite differences', () => {
  it('conv3x3 input gradient (reflection adjoint) at odd sizes, a 1-pixel axis too', () => {
    for (const [inC, outC, H, W] of [
      [3, 4, 5, 7],
      [2, 3, 1, 4],
      [4, 2, 6, 3],
    ] as const) {
      const weight = seededValues(outC * inC * 9, inC + outC);
      const r = tensor(outC, H, W, seededValues(outC * H * W, H));
      const x = tensor(inC, H, W, seededValues(inC * H * W, W));
      const f = (input: Tensor) => dot(conv3x3(input, weight, new Float32Array(outC), outC, false).data, r.data);
      expectDirectionalDerivative(f, x, reference.conv3x3InputGrad(r, weight, inC).data, 1, 1e-2, 1e-4);
    }
  });

  it('max-pool gradient of a ReLU output (no ties)', () => {
    const a = tensor(3, 7, 9, seededValues(3 * 63, 2, 0.1, 1));
    const r = tensor(3, 3, 4, seededValues(36, 3));
    expectDirectionalDerivative((x) => dot(maxpool2x2(x).data, r.data), a, reference.maxpoolGrad(a, r).data, 4, 1e-4, 1e-3);
  });

  it('feature loss and total variation', () => {
    const f = tensor(4, 3, 5, seededValues(60, 5, 0.05, 1));
    const t = tensor(4, 3, 5, seededValues(60, 6));
    expectDirectionalDerivative((x) => reference.featureLoss(x, t).loss, f, reference.featureLoss(f, t).grad.data, 7, 1e-3, 1e-4);
    const image = tensor(3, 8, 8, seededValues(192, 8, 0, 1));
    const tv = reference.totalVariation(image, 7, 5, 0.5);
    expectDirectionalDerivative((x) => 0.5 * reference.totalVariation(x, 7, 5, 0.5).tv, image, tv.grad.data, 9, 1e-3, 1e-4);
  });

  it('reflection padding and its adjoint', () => {
    const image = tensor(3, 5, 7, seededValues(105, 10, 0, 1));
    const r = tensor(3, 8, 8, seededValues(192, 11));
    expectDirectionalDerivative((x) => dot(reference.reflectFill(x, 8, 8).data, r.data), image, reference.reflectAdjoint(r, 5, 7).data, 12, 1e-2, 1e-4);
  });

  it('the whole objective ‖Φ(I) − T‖² + λ TV(I) on a 16×12 image', async () => {
    const { encoder } = await modelWeights();
    const image = tensor(3, 12, 16, seededValues(3 * 12 * 16, 13, 0.2, 0.8));
    const other = referenceEncoder(encoder, tensor(3, 12, 16, seededValues(3 * 12 * 16, 14, 0, 1))).relu3_1!; // a target the image is far from
    const { grad, loss } = reference.objective(encoder, image, other, 0.5);
    expect(loss).toBeGreaterThan(0);
    // Small steps: a larger one crosses ReLU and max-pool kinks along the way (measured: ±3% at 1e-3, 0.5% at 1e-4).
    for (const seed of [15, 16, 17]) expectDirectionalDerivative((x) => reference.objective(encoder, x, other, 0.5).loss, image, grad.data, seed, 1e-4, 2e-2);
  });
});
