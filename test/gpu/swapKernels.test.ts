// The swap kernels (patch norms, fused match + split reduction, gather-average) against the CPU reference on a real
// adapter: odd sizes and channel counts, patch sizes 1/3/5, strides 1/2, one and many style splits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorageBuffer, createWorkBuffer } from '../../src/gpu/buffers';
import { gatherAverage } from '../../src/kernels/gatherAverage';
import { match, matchSplits } from '../../src/kernels/match';
import { patchNorms } from '../../src/kernels/patchNorms';
import { swapGeometry } from '../../src/kernels/swapGeometry';
import type { Tuning } from '../../src/kernels/tuning';
import { gatherAverage as referenceGather, matchPatches } from '../../src/reference/swap';
import { tensor, type Tensor } from '../../src/reference/tensor';
import { GEMM_TOLERANCE, expectClose, seededValues } from '../helpers/compare';
import { kernelContext, readBuffer, runDispatches, TEST_TUNING, testDevice } from '../helpers/gpu';
import { tiesExplain } from '../helpers/ties';

const TUNING: Tuning = TEST_TUNING;

let device: GPUDevice;
beforeAll(async () => {
  device = await testDevice();
});
afterAll(() => device?.destroy());

/** Runs norms → match → reduce → gather-average on the GPU; returns every output. */
async function gpuSwap(content: Tensor, style: Tensor, k: number, stride: number, channelWeights: Float32Array, targetInvocations: number) {
  const g = swapGeometry(content, style, k, stride);
  const splits = matchSplits(g, targetInvocations);
  const k_ = kernelContext(device, TUNING);
  const upload = (label: string, data: Float32Array) => {
    const b = createStorageBuffer(device, label, data);
    k_.owned.push(b);
    return b;
  };
  const work = (label: string, bytes: number) => {
    const b = createWorkBuffer(device, label, bytes);
    k_.owned.push(b);
    return b;
  };
  const b = {
    content: upload('content', content.data),
    style: upload('style', style.data),
    channelWeights: upload('weights', channelWeights),
    norms: work('norms', 4 * g.styleWindows),
    partialScores: work('partial scores', 4 * splits.splits * g.contentWindows),
    partialIndices: work('partial indices', 4 * splits.splits * g.contentWindows),
    bestScore: work('best', 4 * g.contentWindows),
    argmax: work('argmax', 4 * g.contentWindows),
  };
  const dispatches = [await patchNorms(k_, g, b.style, b.channelWeights, b.norms), ...(await match(k_, g, splits, b)), await gatherAverage(k_, g, { features: b.content, style: b.style, argmax: b.argmax })];
  const swapped = new Float32Array(await runDispatches(device, dispatches, b.content, 4 * content.data.length));
  const result = {
    splits: splits.splits,
    swapped,
    norms: new Float32Array(await readBuffer(device, b.norms, 4 * g.styleWindows)),
    best: new Float32Array(await readBuffer(device, b.bestScore, 4 * g.contentWindows)),
    argmax: new Int32Array(await readBuffer(device, b.argmax, 4 * g.contentWindows)),
  };
  k_.owned.forEach((buffer) => buffer.destroy());
  return result;
}

const relu = (t: Tensor) => tensor(t.channels, t.height, t.width, t.data.map((v) => Math.max(v, 0)));

describe('swap kernels vs CPU reference', () => {
  const cases = [
    { C: 7, content: [9, 11], style: [7, 6], k: 3, stride: 1 },
    { C: 5, content: [13, 9], style: [11, 10], k: 5, stride: 2 },
    { C: 3, content: [5, 7], style: [4, 3], k: 1, stride: 1 },
    { C: 6, content: [8, 13], style: [9, 7], k: 3, stride: 2 },
    { C: 9, content: [6, 6], style: [5, 5], k: 5, stride: 1 },
    { C: 4, content: [1, 1], style: [2, 3], k: 1, stride: 2 },
  ];
  for (const { C, content: [ch, cw], style: [sh, sw], k, stride } of cases) {
    for (const target of [1, 1 << 20]) {
      it(`C=${C}, content ${ch}×${cw}, style ${sh}×${sw}, patch ${k}, stride ${stride}, ${target === 1 ? 'one split' : 'many splits'}`, async () => {
        const seed = C * 1000 + ch * 100 + cw * 10 + sh + k;
        const content = relu(tensor(C, ch!, cw!, seededValues(C * ch! * cw!, seed, -0.5, 1)));
        const style = relu(tensor(C, sh!, sw!, seededValues(C * sh! * sw!, seed + 1, -0.5, 1)));
        const weights = seededValues(C, seed + 2, 0.5, 2);
        const expected = matchPatches(content, style, k, stride, weights);
        const gpu = await gpuSwap(content, style, k, stride, weights, target);
        if (target > 1 && expected.norms.length > 4) expect(gpu.splits).toBeGreaterThan(1); // one step is 4 windows
        expectClose(gpu.norms, expected.norms, GEMM_TOLERANCE, 'patch norms');
        tiesExplain(gpu.argmax, expected.argmax, gpu.best, expected.best);
        expectClose(gpu.best, expected.best, GEMM_TOLERANCE, 'best score');
        // Gather against the GPU's own argmax, so a legitimate tie cannot fail it.
        expectClose(gpu.swapped, referenceGather(content, style, gpu.argmax, k, stride).data, GEMM_TOLERANCE, 'gather_average');
      });
    }
  }

  it('ties go to the lowest style index, across splits too', async () => {
    const content = tensor(3, 5, 5, seededValues(75, 3, 0.1, 1));
    const style = tensor(3, 9, 9, new Float32Array(243).fill(0.5)); // every style window identical
    for (const target of [1, 1 << 20]) {
      const gpu = await gpuSwap(content, style, 3, 1, new Float32Array([1, 1, 1]), target);
      expect([...gpu.argmax]).toEqual(new Array(9).fill(0));
    }
  });

  it('a style map smaller than one patch is an error naming patchSize', () => {
    expect(() => swapGeometry({ channels: 4, height: 8, width: 8 }, { channels: 4, height: 2, width: 9 }, 3, 1)).toThrow(
      /style features are 2×9, smaller than one 3×3 patch \(patchSize\)/,
    );
  });
});
