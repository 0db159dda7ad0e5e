// The swap kernels (patch norms, fused match + split reduction, gather-average) against the CPU reference on a real
// adapter: odd sizes and channel counts, patch sizes 1/3/5, strides 1/2/3 (the Gram route, and for k² < s⁴ the direct patch correlation), one and many style splits.
import { describe, expect, it } from 'vitest';
import { createStorageBuffer } from '../../src/gpu/buffers';
import { PlanBuilder } from '../../src/model/plan';
import { gramScratch, matchRoute, styleMatchInputs, swapDispatches } from '../../src/model/swapStage';
import { swapGeometry } from '../../src/kernels/swapGeometry';
import type { WindowMatchVariant } from '../../src/api';
import type { LaunchSettings } from '../../src/kernels/launchSettings';
import { gatherAverage as referenceGather, matchPatches, windowPositions } from '../../src/reference/swap';
import { tensor, type Tensor } from '../../src/reference/tensor';
import { GEMM_TOLERANCE, expectClose, seededValues } from '../helpers/compare';
import { readBuffer, runDispatches, runKernel, TEST_LAUNCH } from '../helpers/gpu';
import { gramDispatch } from '../../src/kernels/match';
import { createDispatch } from '../../src/kernels/kernel';
import gramSubgroupCode from '../../shaders/gram_subgroup.wgsl';
import { deviceGramVariants } from '../../src/tuning/matchTuner';
import { gpuIt } from '../helpers/gpuTest';
import { tiesExplain } from '../helpers/ties';

/**
 * Runs the swap stage on the GPU (norms, weighted style, Gram bands, window match, reduce, gather-average) and
 * returns every output. `spread` forces one window row per band and a split per style window.
 */
async function gpuSwap(
  device: GPUDevice,
  content: Tensor,
  style: Tensor,
  k: number,
  stride: number,
  channelWeights: Float32Array,
  spread: boolean,
  windowMatch: WindowMatchVariant,
) {
  const g = swapGeometry(content, style, k, stride);
  const base: LaunchSettings = { ...TEST_LAUNCH, windowMatch, matchWorkgroup: 5 }; // style-major: 5 lanes, so most windows leave some idle
  const launch: LaunchSettings = spread ? { ...base, gramBudget: 1, matchInvocations: 1 << 20 } : { ...base, matchInvocations: 1 };
  const b = new PlanBuilder(device, launch);
  try {
    const upload = (label: string, data: Float32Array) => createStorageBuffer(device, label, data); // freed by gpuIt
    const contentBuffer = upload('content', content.data);
    const styleBuffer = upload('style', style.data);
    const route = matchRoute(g, 'exact');
    const inputs = styleMatchInputs(b, g, styleBuffer, upload('weights', channelWeights), route);
    const gram = b.buffer('gram', gramScratch(g, launch.gramBudget, route));
    const swapped = b.buffer('swapped', 4 * content.data.length);
    const swap = swapDispatches(b, g, route, {
      content: contentBuffer,
      style: styleBuffer,
      norms: inputs.norms,
      weightedStyle: inputs.weightedStyle,
      windows: inputs.windows,
      gram,
      swapped,
    });
    const dispatches = [...(await inputs.dispatches), ...(await swap.match).flat(), await swap.average];
    // Every intermediate and output starts as NaN: whatever a kernel fails to write cannot pass for a right value.
    for (const buffer of b.owned.filter((x) => x.usage & GPUBufferUsage.STORAGE))
      device.queue.writeBuffer(buffer, 0, new Float32Array(buffer.size / 4).fill(NaN));
    const swappedValues = new Float32Array(await runDispatches(device, dispatches, swapped, 4 * content.data.length));
    // Strided patches that the direct correlation serves (k² < s⁴) have no Gram: a dispatch per band, splits along x.
    const correlation = dispatches.filter((d) => d.label.startsWith('patch_correlation'));
    return {
      route: correlation.length > 0 ? 'patch correlation' : 'Gram',
      bands: dispatches.filter((d) => d.label.startsWith('gram')).length + correlation.length,
      splits: Math.max(...dispatches.filter((d) => d.label.startsWith('window_match')).map((d) => d.workgroups[1]), ...correlation.map((d) => d.workgroups[0])),
      swapped: swappedValues,
      norms: new Float32Array(await readBuffer(device, inputs.norms, 4 * g.styleWindows)),
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

const relu = (t: Tensor) =>
  tensor(
    t.channels,
    t.height,
    t.width,
    t.data.map((v) => Math.max(v, 0)),
  );

describe('swap kernels vs CPU reference', () => {
  const cases: { C: number; content: [number, number]; style: [number, number]; k: number; stride: number }[] = [
    { C: 7, content: [9, 11], style: [7, 6], k: 3, stride: 1 },
    { C: 5, content: [13, 9], style: [11, 10], k: 5, stride: 2 },
    { C: 3, content: [5, 7], style: [4, 3], k: 1, stride: 1 },
    { C: 6, content: [8, 13], style: [9, 7], k: 3, stride: 2 },
    { C: 9, content: [6, 6], style: [5, 5], k: 5, stride: 1 },
    { C: 4, content: [1, 1], style: [2, 3], k: 1, stride: 2 },
    { C: 5, content: [11, 14], style: [19, 23], k: 3, stride: 2 },
    { C: 3, content: [7, 5], style: [20, 17], k: 1, stride: 3 },
  ];
  for (const {
    C,
    content: [ch, cw],
    style: [sh, sw],
    k,
    stride,
  } of cases) {
    for (const [spread, windowMatch] of [
      [false, 'content-major'],
      [true, 'content-major'],
      [false, 'style-major'],
      [true, 'style-major'],
    ] as const) {
      gpuIt(
        `${windowMatch} window scores: C=${C}, content ${ch}×${cw}, style ${sh}×${sw}, patch ${k}, stride ${stride}, ${spread ? 'a band per window row, many splits' : 'one band, one split'}`,
        async ({ device }) => {
          const seed = C * 1000 + ch * 100 + cw * 10 + sh + k;
          const content = relu(tensor(C, ch, cw, seededValues(C * ch * cw, seed, -0.5, 1)));
          const style = relu(tensor(C, sh, sw, seededValues(C * sh * sw, seed + 1, -0.5, 1)));
          const weights = seededValues(C, seed + 2, 0.5, 2);
          const expected = matchPatches(content, style, k, stride, weights);
          const gpu = await gpuSwap(device, content, style, k, stride, weights, spread, windowMatch);
          const correlated = k * k < stride ** 4;
          expect(gpu.route).toBe(correlated ? 'patch correlation' : 'Gram');
          expect(gpu.bands).toBe(spread ? windowPositions(ch, k, stride) : 1);
          // A correlation split walks style windows 16 at a time; a window-score split, one by one.
          expect(gpu.splits).toBe(spread ? Math.ceil(expected.norms.length / (correlated ? 16 : 1)) : 1);
          expectClose(gpu.norms, expected.norms, GEMM_TOLERANCE, 'patch norms');
          tiesExplain(gpu.argmax, expected.argmax, gpu.best, expected.best);
          expectClose(gpu.best, expected.best, GEMM_TOLERANCE, 'best score');
          // Gather against the GPU's own argmax, so a legitimate tie cannot fail it.
          expectClose(gpu.swapped, referenceGather(content, style, gpu.argmax, k, stride).data, GEMM_TOLERANCE, 'gather_average');
        },
      );
    }
  }

  gpuIt('ties go to the lowest style index, across splits, lanes and (stride 2) correlation groups too', async ({ device }) => {
    const content = tensor(3, 5, 5, seededValues(75, 3, 0.1, 1));
    const style = tensor(3, 13, 13, new Float32Array(3 * 169).fill(0.5)); // every style window identical
    for (const stride of [1, 2]) {
      for (const spread of [false, true]) {
        for (const windowMatch of ['content-major', 'style-major'] as const) {
          const gpu = await gpuSwap(device, content, style, 3, stride, new Float32Array([1, 1, 1]), spread, windowMatch);
          expect([...gpu.argmax], `stride ${stride}, ${windowMatch}, spread ${spread}`).toEqual(new Array(stride === 1 ? 9 : 4).fill(0));
        }
      }
    }
  });

  it('a style map smaller than one patch is an error naming patchSize', () => {
    expect(() => swapGeometry({ channels: 4, height: 8, width: 8 }, { channels: 4, height: 2, width: 9 }, 3, 1)).toThrow(
      /style features are 2×9, smaller than one 3×3 patch \(patchSize\)/,
    );
  });
});

describe('Gram GEMM variants (register tile, workgroup-memory tile, subgroup shuffles) vs a CPU GEMM', () => {
  // channels below and past the tiled kernel's chunk of 16; band pixels below, at and past its tile of 64; style
  // groups one tile, and past one with the second mostly padding; channel-major with a band start, and pixel-major.
  const cases = [
    { channels: 7, pixels: 5, styleGroups: 4, layout: 'channel-major', first: 3 },
    { channels: 37, pixels: 67, styleGroups: 20, layout: 'channel-major', first: 11 },
    { channels: 16, pixels: 64, styleGroups: 16, layout: 'pixel-major', first: 0 },
    { channels: 33, pixels: 130, styleGroups: 36, layout: 'pixel-major', first: 9 },
  ] as const;
  for (const { channels, pixels, styleGroups, layout, first } of cases) {
    gpuIt(
      `${channels} channels, ${pixels} band pixels from ${first} (${layout}), ${4 * styleGroups} style pixels: each variant the device runs`,
      async ({ device }) => {
        const total = first + pixels + 2; // content pixels, past the band's end too
        const content = seededValues(channels * total, channels + pixels, -1, 1);
        const style = seededValues(channels * 4 * styleGroups, styleGroups, -1, 1);
        const [channelStride, pixelStride] = layout === 'channel-major' ? [total, 1] : [1, channels];
        const expected = new Float32Array(pixels * 4 * styleGroups);
        for (let p = 0; p < pixels; p++) {
          for (let q = 0; q < 4 * styleGroups; q++) {
            let sum = 0;
            for (let c = 0; c < channels; c++) sum += content[c * channelStride + (first + p) * pixelStride]! * style[c * 4 * styleGroups + q]!;
            expected[p * 4 * styleGroups + q] = sum;
          }
        }
        const results: Float32Array[] = [];
        const variants = deviceGramVariants(device);
        for (const gram of variants) {
          const operand = { channels, channelStride, pixelStride, first, pixels, styleGroups };
          const actual = await runKernel(
            device,
            (k, [a, b], output) => gramDispatch(k, 'gram', operand, { content: a!, weightedStyle: b!, gram: output }),
            [content, style],
            4 * expected.length,
            { ...TEST_LAUNCH, gram },
          );
          results.push(new Float32Array(actual));
          expectClose(results.at(-1)!, expected, GEMM_TOLERANCE, `${gram} Gram`);
        }
        if (variants.includes('subgroup')) {
          // Its path for subgroups that do not hold a quad's 4 invocations: each loads the quad's values itself.
          const actual = await runKernel(
            device,
            (k, [a, b], output) =>
              createDispatch(k, {
                label: 'gram without shuffles',
                kernel: { name: 'gram_subgroup', code: gramSubgroupCode, constants: { SHUFFLE: 0 } },
                workgroupSize: [64, 1, 1],
                params: {
                  channels,
                  channel_stride: channelStride,
                  pixel_stride: pixelStride,
                  band_start: first,
                  band_pixels: pixels,
                  style_groups: styleGroups,
                },
                buffers: { content: a!, weighted_style: b!, gram: output },
                threads: [Math.ceil(styleGroups / 16) * 64, Math.ceil(pixels / 64), 1],
              }),
            [content, style],
            4 * expected.length,
          );
          results.push(new Float32Array(actual));
          variants.push('subgroup, no shuffles' as (typeof variants)[number]);
          expectClose(results.at(-1)!, expected, GEMM_TOLERANCE, 'subgroup Gram, no shuffles');
        }
        // The same sums in the same order: the same bits.
        results
          .slice(1)
          .forEach((result, i) => expect(Buffer.from(result.buffer).equals(Buffer.from(results[0]!.buffer)), `${variants[i + 1]} = register`).toBe(true));
      },
    );
  }
});
