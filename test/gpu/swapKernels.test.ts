// The swap kernels (patch norms, fused match + split reduction, gather-average) against the CPU reference on a real
// adapter: odd sizes and channel counts, patch sizes 1/3/5, strides 1/2, one and many style splits.
import { describe, expect, it } from 'vitest';
import { createStorageBuffer } from '../../src/gpu/buffers';
import { PlanBuilder } from '../../src/model/plan';
import { gramScratch, styleMatchInputs, swapDispatches } from '../../src/model/swapStage';
import { swapGeometry } from '../../src/kernels/swapGeometry';
import type { WindowMatchVariant } from '../../src/api';
import type { Tuning } from '../../src/kernels/tuning';
import { gatherAverage as referenceGather, matchPatches, windowPositions } from '../../src/reference/swap';
import { tensor, type Tensor } from '../../src/reference/tensor';
import { GEMM_TOLERANCE, expectClose, seededValues } from '../helpers/compare';
import { readBuffer, runDispatches, TEST_TUNING } from '../helpers/gpu';
import { gpuIt } from '../helpers/gpuTest';
import { tiesExplain } from '../helpers/ties';


/**
 * Runs the swap stage on the GPU (norms, weighted style, Gram bands, window match, reduce, gather-average) and
 * returns every output. `spread` forces one window row per band and a split per style window.
 */
async function gpuSwap(device: GPUDevice, content: Tensor, style: Tensor, k: number, stride: number, channelWeights: Float32Array, spread: boolean, windowMatch: WindowMatchVariant) {
  const g = swapGeometry(content, style, k, stride);
  const base: Tuning = { ...TEST_TUNING, windowMatch, matchWorkgroup: 5 }; // style-major: 5 lanes, so most windows leave some idle
  const tuning: Tuning = spread ? { ...base, gramBudget: 1, matchInvocations: 1 << 20 } : { ...base, matchInvocations: 1 };
  const b = new PlanBuilder(device, tuning);
  try {
    const upload = (label: string, data: Float32Array) => createStorageBuffer(device, label, data); // freed by gpuIt
    const contentBuffer = upload('content', content.data);
    const styleBuffer = upload('style', style.data);
    const inputs = styleMatchInputs(b, g, styleBuffer, upload('weights', channelWeights));
    const gram = b.buffer('gram', gramScratch(g, tuning.gramBudget));
    const swapped = b.buffer('swapped', 4 * content.data.length);
    const swap = swapDispatches(b, g, { content: contentBuffer, style: styleBuffer, norms: inputs.norms, weightedStyle: inputs.weightedStyle, gram, swapped });
    const dispatches = [...(await inputs.dispatches), ...(await swap.match).flat(), await swap.average];
    // Every intermediate and output starts as NaN: whatever a kernel fails to write cannot pass for a right value.
    for (const buffer of b.owned.filter((x) => x.usage & GPUBufferUsage.STORAGE)) device.queue.writeBuffer(buffer, 0, new Float32Array(buffer.size / 4).fill(NaN));
    const swappedValues = new Float32Array(await runDispatches(device, dispatches, swapped, 4 * content.data.length));
    return {
      bands: dispatches.filter((d) => d.label.startsWith('gram')).length,
      splits: Math.max(...dispatches.filter((d) => d.label.startsWith('window_match')).map((d) => d.workgroups[1])),
      swapped: swappedValues,
      norms: new Float32Array(await readBuffer(device, inputs.norms, 4 * g.styleWindows)),
      best: new Float32Array(await readBuffer(device, b.owned.find((x) => x.label === 'match.best_score')!, 4 * g.contentWindows)),
      argmax: new Int32Array(await readBuffer(device, swap.argmax, 4 * g.contentWindows)),
    };
  } finally {
    b.destroy();
  }
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
    for (const [spread, windowMatch] of [[false, 'content-major'], [true, 'content-major'], [false, 'style-major'], [true, 'style-major']] as const) {
      gpuIt(`${windowMatch} window scores: C=${C}, content ${ch}×${cw}, style ${sh}×${sw}, patch ${k}, stride ${stride}, ${spread ? 'a band per window row, many splits' : 'one band, one split'}`, async ({ device }) => {
        const seed = C * 1000 + ch * 100 + cw * 10 + sh + k;
        const content = relu(tensor(C, ch!, cw!, seededValues(C * ch! * cw!, seed, -0.5, 1)));
        const style = relu(tensor(C, sh!, sw!, seededValues(C * sh! * sw!, seed + 1, -0.5, 1)));
        const weights = seededValues(C, seed + 2, 0.5, 2);
        const expected = matchPatches(content, style, k, stride, weights);
        const gpu = await gpuSwap(device, content, style, k, stride, weights, spread, windowMatch);
        expect(gpu.bands).toBe(spread ? windowPositions(ch!, k, stride) : 1);
        expect(gpu.splits).toBe(spread ? expected.norms.length : 1);
        expectClose(gpu.norms, expected.norms, GEMM_TOLERANCE, 'patch norms');
        tiesExplain(gpu.argmax, expected.argmax, gpu.best, expected.best);
        expectClose(gpu.best, expected.best, GEMM_TOLERANCE, 'best score');
        // Gather against the GPU's own argmax, so a legitimate tie cannot fail it.
        expectClose(gpu.swapped, referenceGather(content, style, gpu.argmax, k, stride).data, GEMM_TOLERANCE, 'gather_average');
      });
    }
  }

  gpuIt('ties go to the lowest style index, across splits and lanes too', async ({ device }) => {
    const content = tensor(3, 5, 5, seededValues(75, 3, 0.1, 1));
    const style = tensor(3, 9, 9, new Float32Array(243).fill(0.5)); // every style window identical
    for (const spread of [false, true]) {
      for (const windowMatch of ['content-major', 'style-major'] as const) {
        const gpu = await gpuSwap(device, content, style, 3, 1, new Float32Array([1, 1, 1]), spread, windowMatch);
        expect([...gpu.argmax], `${windowMatch}, spread ${spread}`).toEqual(new Array(9).fill(0));
      }
    }
  });

  it('a style map smaller than one patch is an error naming patchSize', () => {
    expect(() => swapGeometry({ channels: 4, height: 8, width: 8 }, { channels: 4, height: 2, width: 9 }, 3, 1)).toThrow(
      /style features are 2×9, smaller than one 3×3 patch \(patchSize\)/,
    );
  });
});
