// The approximate match (match: 'approximate'): its kernels against the CPU reference on a real adapter (the second
// moment; projections, candidate lists and the exact re-rank through swapDispatches, with a seeded basis so the
// candidates really are approximate), ties, and the public API's path (its principal basis, the option). The golden
// features and images through it: test/gpu/stylize.test.ts; tiled = untiled: test/gpu/tiling.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorageBuffer } from '../../src/gpu/buffers';
import { APPROXIMATE_RANK, CANDIDATES, projectStyle, secondMoment } from '../../src/kernels/approximateMatch';
import { paddedStylePixels } from '../../src/kernels/match';
import { swapGeometry } from '../../src/kernels/swapGeometry';
import { PlanBuilder } from '../../src/model/plan';
import { gramScratch, styleMatchInputs, swapDispatches } from '../../src/model/swapStage';
import { createStyleSwap, type NodeImage, type StyleSwap } from '../../src/node/index';
import { approximateMatchPatches } from '../../src/reference/approximateMatch';
import { gatherAverage, matchPatches, patchNorms, patchScore, windowPositions } from '../../src/reference/swap';
import { tensor, type Tensor } from '../../src/reference/tensor';
import { GEMM_TOLERANCE, expectClose, seededValues } from '../helpers/compare';
import { readGolden, WEIGHTS_DIR } from '../helpers/fixtures';
import { readBuffer, runDispatches, TEST_LAUNCH } from '../helpers/gpu';
import { gpuIt } from '../helpers/gpuTest';
import rerankCode from '../../shaders/rerank_candidates.wgsl';
import { wgslConstant } from '../../src/kernels/wgslConstants';

const relu = (t: Tensor) =>
  tensor(
    t.channels,
    t.height,
    t.width,
    t.data.map((v) => Math.max(v, 0)),
  );

/** The approximate swap on the GPU with `basis` ([channels][APPROXIMATE_RANK]); `spread`: a band per window row, a split per style window. */
async function gpuApproximateSwap(
  device: GPUDevice,
  content: Tensor,
  style: Tensor,
  k: number,
  stride: number,
  weights: Float32Array,
  basis: Float32Array,
  spread: boolean,
) {
  const g = swapGeometry(content, style, k, stride);
  const tuning = spread ? { ...TEST_LAUNCH, gramBudget: 1, matchInvocations: 1 << 24 } : { ...TEST_LAUNCH, matchInvocations: 1 };
  const b = new PlanBuilder(device, tuning);
  try {
    const upload = (label: string, data: Float32Array) => createStorageBuffer(device, label, data); // freed by gpuIt
    const [contentBuffer, styleBuffer, basisBuffer] = [upload('content', content.data), upload('style', style.data), upload('basis', basis)];
    const inputs = styleMatchInputs(b, g, styleBuffer, upload('weights', weights), 'approximate');
    const projectedStyle = b.buffer('projected style', 4 * APPROXIMATE_RANK * paddedStylePixels(g));
    const swapped = b.buffer('swapped', 4 * content.data.length);
    const maps = {
      content: contentBuffer,
      style: styleBuffer,
      norms: inputs.norms,
      weightedStyle: inputs.weightedStyle,
      gram: b.buffer('gram', gramScratch(g, tuning.gramBudget, 'approximate')),
      swapped,
    };
    const swap = swapDispatches(b, g, 'approximate', { ...maps, projection: { basis: basisBuffer, projectedStyle } });
    const dispatches = [
      ...(await inputs.dispatches),
      await projectStyle(b.context, g, basisBuffer, inputs.weightedStyle, projectedStyle),
      ...(await swap.match).flat(),
      await swap.average,
    ];
    // Every intermediate starts as NaN: whatever a kernel fails to write cannot pass for a right value.
    for (const buffer of b.owned.filter((x) => x.usage & GPUBufferUsage.STORAGE))
      device.queue.writeBuffer(buffer, 0, new Float32Array(buffer.size / 4).fill(NaN));
    const swappedValues = new Float32Array(await runDispatches(device, dispatches, swapped, 4 * content.data.length));
    return {
      splits: Math.max(...dispatches.filter((d) => d.label.startsWith('window_candidates')).map((d) => d.workgroups[1])),
      swapped: swappedValues,
      best: new Float32Array(
        await readBuffer(
          device,
          b.owned.find((x) => x.label === 'match.best_score')!,
          4 * g.contentWindows,
        ),
      ),
      argmax: new Int32Array(await readBuffer(device, swap.argmax, 4 * g.contentWindows)),
    };
  } finally {
    b.destroy();
  }
}

/**
 * The GPU's pick equals the reference's, except where float32 rounding may legitimately differ: the two exact
 * scores tie (1e-4 relative), or a pick sits on the edge of the candidate list (its approximate score within 1e-4
 * of the last candidate's, so rounding decides whether it is a candidate at all).
 */
function expectSamePicks(
  gpu: Int32Array,
  expected: ReturnType<typeof approximateMatchPatches>,
  exactScore: (i: number, j: number) => number,
  approximateScore: (i: number, j: number) => number,
) {
  const near = (a: number, b: number) => Math.abs(a - b) <= 1e-4 * Math.max(Math.abs(a), Math.abs(b), 1e-6);
  for (let i = 0; i < gpu.length; i++) {
    const [g, e] = [gpu[i]!, expected.argmax[i]!];
    if (g === e) continue;
    const last = approximateScore(i, expected.lists[i]!.at(-1)!);
    const onEdge = near(approximateScore(i, g), last) || near(approximateScore(i, e), last);
    if (!near(exactScore(i, g), exactScore(i, e)) && !onEdge)
      throw new Error(`window ${i}: GPU picked ${g}, the reference ${e}: neither a tie nor a candidate on the list's edge`);
  }
}

describe('approximate match kernels vs CPU reference', () => {
  it('both shaders keep lists of the same length', () => {
    expect(wgslConstant(rerankCode, 'CANDIDATES')).toBe(CANDIDATES);
  });

  for (const [C, h, w] of [
    [7, 5, 9],
    [13, 11, 3],
    [256, 6, 7],
  ] as const) {
    gpuIt(`second_moment: ${C} channels, style ${h}×${w}`, async ({ device }) => {
      const style = tensor(C, h, w, seededValues(C * h * w, C + h, -1, 1));
      const weights = seededValues(C, 5, 0.5, 2);
      const g = swapGeometry(style, style, 1, 1);
      const b = new PlanBuilder(device, TEST_LAUNCH);
      try {
        const inputs = styleMatchInputs(b, g, createStorageBuffer(device, 'style', style.data), createStorageBuffer(device, 'weights', weights), 'approximate');
        const moment = b.buffer('moment', 4 * C * C);
        device.queue.writeBuffer(moment, 0, new Float32Array(C * C).fill(NaN));
        const got = new Float32Array(
          await runDispatches(device, [...(await inputs.dispatches), await secondMoment(b.context, g, inputs.weightedStyle, moment)], moment, 4 * C * C),
        );
        const expected = new Float32Array(C * C);
        const plane = h * w;
        for (let a = 0; a < C; a++)
          for (let c = 0; c < C; c++)
            for (let p = 0; p < plane; p++) expected[a * C + c]! += weights[a]! * style.data[a * plane + p]! * weights[c]! * style.data[c * plane + p]!;
        expectClose(got, expected, { abs: 1e-4, rel: 1e-4 }, 'second moment');
      } finally {
        b.destroy();
      }
    });
  }

  const cases: { C: number; content: [number, number]; style: [number, number]; k: number; stride: number }[] = [
    { C: 7, content: [9, 11], style: [12, 13], k: 3, stride: 1 },
    { C: 5, content: [13, 9], style: [15, 14], k: 5, stride: 2 },
    { C: 9, content: [6, 7], style: [9, 10], k: 1, stride: 1 },
    { C: 70, content: [7, 8], style: [10, 9], k: 3, stride: 2 },
  ];
  let approximated = 0;
  for (const {
    C,
    content: [ch, cw],
    style: [sh, sw],
    k,
    stride,
  } of cases) {
    for (const spread of [false, true]) {
      gpuIt(
        `C=${C}, content ${ch}×${cw}, style ${sh}×${sw}, patch ${k}, stride ${stride}, ${spread ? 'a band per window row, a split per style window' : 'one band, one split'}`,
        async ({ device }) => {
          const seed = C * 1000 + ch * 100 + cw * 10 + sh + k;
          const content = relu(tensor(C, ch, cw, seededValues(C * ch * cw, seed, -0.5, 1)));
          const style = relu(tensor(C, sh, sw, seededValues(C * sh * sw, seed + 1, -0.5, 1)));
          const weights = seededValues(C, seed + 2, 0.5, 2);
          // A seeded basis, not the principal one: it projects badly, so the candidates differ from the exact best.
          const basis = seededValues(C * APPROXIMATE_RANK, seed + 3, -1, 1).map((v, i) => (i % APPROXIMATE_RANK < 2 ? v : 0));
          const expected = approximateMatchPatches(content, style, k, stride, weights, basis, APPROXIMATE_RANK, CANDIDATES);
          const gpu = await gpuApproximateSwap(device, content, style, k, stride, weights, basis, spread);
          expect(gpu.splits).toBe(spread ? windowPositions(sh, k, stride) * windowPositions(sw, k, stride) : 1);
          const norms = patchNorms(style, k, stride, weights);
          const exactScore = (i: number, j: number) => patchScore(content, style, k, stride, weights, norms, i, j);
          const projected = (map: Tensor, w?: Float32Array) => {
            const plane = map.height * map.width;
            const data = new Float32Array(APPROXIMATE_RANK * plane);
            for (let c = 0; c < C; c++)
              for (let r = 0; r < APPROXIMATE_RANK; r++)
                for (let p = 0; p < plane; p++) data[r * plane + p]! += basis[c * APPROXIMATE_RANK + r]! * (w ? w[c]! : 1) * map.data[c * plane + p]!;
            return tensor(APPROXIMATE_RANK, map.height, map.width, data);
          };
          const [pc, ps, ones] = [projected(content), projected(style, weights), new Float32Array(APPROXIMATE_RANK).fill(1)];
          expectSamePicks(gpu.argmax, expected, exactScore, (i, j) => patchScore(pc, ps, k, stride, ones, norms, i, j));
          expectClose(
            gpu.best,
            Float32Array.from(gpu.argmax, (j, i) => exactScore(i, j)),
            GEMM_TOLERANCE,
            'best score (exact, of the pick)',
          );
          expectClose(gpu.swapped, gatherAverage(content, style, gpu.argmax, k, stride).data, GEMM_TOLERANCE, 'gather_average');
          const exact = matchPatches(content, style, k, stride, weights).argmax;
          approximated += expected.argmax.filter((j, i) => j !== exact[i]).length;
        },
      );
    }
  }
  it('the cases above really approximate: some picks differ from the exact match', () => {
    expect(approximated).toBeGreaterThan(0);
  });

  gpuIt('ties go to the lowest style index, across splits', async ({ device }) => {
    const content = tensor(3, 5, 5, seededValues(75, 3, 0.1, 1));
    const style = tensor(3, 9, 9, new Float32Array(243).fill(0.5)); // every style window identical
    const basis = seededValues(3 * APPROXIMATE_RANK, 4, -1, 1);
    for (const spread of [false, true]) {
      const gpu = await gpuApproximateSwap(device, content, style, 3, 1, new Float32Array([1, 1, 1]), basis, spread);
      expect([...gpu.argmax], `spread ${spread}`).toEqual(new Array(9).fill(0));
    }
  });
});

describe('approximate match through the API', () => {
  let swap: StyleSwap<NodeImage>;
  beforeAll(async () => {
    swap = await createStyleSwap({ weights: WEIGHTS_DIR, tuning: 'off' });
  });
  afterAll(() => swap?.destroy());

  it("candidates come from the style's principal directions: a patch that differs only outside them is missed", async () => {
    // Style: 80 strong random channels at every pixel but the last, whose only value is in channel 200. That channel
    // is then an eigenvector of the style's second moment with a tiny eigenvalue, outside the 64 kept; the content,
    // all in channel 200, projects to zero, so every approximate score ties at 0 and the candidates are the 16
    // lowest windows. The exact match finds the last window (score 1, all others 0); the approximate one cannot.
    const style = tensor(256, 32, 32, new Float32Array(256 * 32 * 32));
    const plane = 32 * 32;
    const strong = seededValues(80 * plane, 7, 0, 10);
    for (let c = 0; c < 80; c++) for (let p = 0; p < plane - 1; p++) style.data[c * plane + p] = strong[c * plane + p]!;
    style.data[200 * plane + plane - 1] = 0.5;
    const content = tensor(256, 2, 2, new Float32Array(256 * 4));
    content.data.fill(1, 200 * 4, 201 * 4);
    const options = { patchSize: 1, patchStride: 1, matchSpace: 'normalized' } as const;
    const exact = await swap.swap(content, style, options);
    const approximate = await swap.swap(content, style, { ...options, match: 'approximate' });
    expect([...exact.argmax]).toEqual([1023, 1023, 1023, 1023]);
    expect([...approximate.argmax]).toEqual([0, 0, 0, 0]);
  });

  it('an unknown match mode is an option error naming the choices', async () => {
    const golden = readGolden('swap_p3s1.safetensors');
    await expect(swap.swap(golden.chw('content_features'), golden.chw('style_features'), { match: 'fast' as 'exact' })).rejects.toThrow(
      /match must be 'exact' or 'approximate', got the string 'fast'/,
    );
  });
});
