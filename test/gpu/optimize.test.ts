// The optimisation mode on a real adapter: the GPU gradient of the whole objective against the CPU reference's (which
// test/referenceOptimize.test.ts checks against finite differences), then through stylize: the loss falls with a
// small step, the same seed gives the same bytes, an abort stops between iterations, a target shows the result.
import { describe, expect } from 'vitest';
import { benchImage } from '../../bench/images.mjs';
import { stageReadback } from '../../src/gpu/buffers';
import { runOnGpu } from '../../src/gpu/run';
import { controlsBytes } from '../../src/kernels/strength';
import { EncoderGraph, FEATURE_CHANNELS } from '../../src/model/encoder';
import { EncoderGradient } from '../../src/model/encoderGradient';
import { buildOptimizePlan, optimizeBytes } from '../../src/model/optimizeGraph';
import { PlanBuilder } from '../../src/model/plan';
import { createStyleSwap } from '../../src/node/index';
import * as reference from '../../src/reference/optimize';
import { referenceEncoder } from '../../src/reference/networks';
import { tensor } from '../../src/reference/tensor';
import { relativeL2, seededValues } from '../helpers/compare';
import { kernelContext, readBuffer, TEST_LAUNCH } from '../helpers/gpu';
import { gpuIt } from '../helpers/gpuTest';
import { WEIGHTS_DIR } from '../helpers/fixtures';
import { modelWeights } from '../helpers/weights';

const CONTENT = 'examples/samples/chelsea.png';
const STYLE = 'examples/samples/hubble_deep_field.png';
const SMALL = { maxContentSize: 48, maxStyleSize: 48 };

describe('optimisation: the gradient of the whole objective', () => {
  for (const [width, height] of [
    [16, 12],
    [15, 11],
  ] as const) {
    gpuIt(`${width}×${height} (padded to 16×12): ∂L/∂I on the GPU equals the CPU reference's`, async ({ device }) => {
      const { encoder: weights } = await modelWeights();
      const padded = { width: 16, height: 12 };
      const k = kernelContext(device);
      const encoder = new EncoderGraph(k, weights);
      const image = tensor(3, height, width, seededValues(3 * width * height, width, 0.2, 0.8));
      const target = referenceEncoder(weights, reference.reflectFill(tensor(3, height, width, seededValues(3 * width * height, 3, 0, 1)), 12, 16)).relu3_1!;
      const tvWeight = 0.5;
      const expected = reference.objective(weights, image, target, tvWeight);
      // The maps of a match whose swapped features are the target, at strength 1.
      const b = new PlanBuilder(device, TEST_LAUNCH);
      const featureBytes = 4 * FEATURE_CHANNELS * 3 * 4;
      const maps = {
        rgb: b.buffer('rgb', 4 * 3 * 192),
        alpha: b.buffer('alpha', 4 * 192),
        contentFeatures: b.buffer('content', featureBytes),
        swapped: b.buffer('swapped', featureBytes),
        controls: b.buffer('controls', 8),
      };
      device.queue.writeBuffer(maps.swapped, 0, target.data as Float32Array<ArrayBuffer>);
      device.queue.writeBuffer(maps.controls, 0, controlsBytes({ strength: 1, preserveColor: false }));
      const mapsBytes = b.owned.reduce((sum, buffer) => sum + buffer.size, 0);
      const plan = await buildOptimizePlan(b, { gradient: new EncoderGradient(k, encoder, weights), maps, scaled: { width, height }, padded });
      const added = plan.bytes - mapsBytes;
      expect(added, 'optimizeBytes states what the plan allocates').toBeGreaterThanOrEqual(optimizeBytes(padded));
      expect(added).toBeLessThan(optimizeBytes(padded) + 8192); // + partial sums, settings and the uniforms
      const planes = reference.reflectFill(image, 12, 16).data; // the padding is refilled by the iteration anyway
      device.queue.writeBuffer(plan.image, 0, planes as Float32Array<ArrayBuffer>);
      device.queue.writeBuffer(plan.settings, 0, new Float32Array([tvWeight]));
      device.queue.writeBuffer(plan.step, 0, new Float32Array([0, 0.9, 0.999, 1e-8, 1, 1])); // learning rate 0: the image stays
      await runOnGpu(
        device,
        {
          label: 'test',
          uploads: [],
          stages: [
            { name: 'prepare', dispatches: [plan.prepare] },
            { name: 'iteration', dispatches: plan.iteration },
          ],
          finish: (e) => stageReadback(device, e, plan.grad, 4 * 3 * 192),
        },
        'fast',
      );
      const grad = new Float32Array(await readBuffer(device, plan.grad, 4 * 3 * 192));
      const inside = Float32Array.from(
        { length: 3 * width * height },
        (_, i) => grad[(Math.floor(i / (width * height)) * 12 + Math.floor((i % (width * height)) / width)) * 16 + (i % width)]!,
      );
      expect(relativeL2(inside, expected.grad.data)).toBeLessThan(1e-4);
      const loss = new Float32Array(await readBuffer(device, plan.partials.loss, 4 * plan.partials.lossCount)).reduce((s, v) => s + v, 0);
      expect(Math.abs(loss - expected.featureLoss) / expected.featureLoss).toBeLessThan(1e-4);
      plan.destroy();
    });
  }
});

describe('optimisation through stylize', () => {
  gpuIt('with a small step the loss falls at every report, and the image changes', { timeout: 300_000 }, async ({ device }) => {
    const swap = await createStyleSwap({ device, weights: WEIGHTS_DIR });
    const onePass = await swap.stylize(CONTENT, STYLE, SMALL);
    const reports: number[] = [];
    const result = await swap.stylize(CONTENT, STYLE, {
      ...SMALL,
      optimize: { iterations: 21, learningRate: 0.003 },
      onProgress: (p) => p.stage === 'optimize' && reports.push(p.done),
    });
    const losses = result.optimization!.losses.map((l) => l.loss);
    expect(reports).toEqual([1, 5, 10, 15, 20, 21]);
    expect(losses).toHaveLength(6);
    losses.slice(1).forEach((loss, i) => expect(loss, `report ${i + 1}`).toBeLessThan(losses[i]!));
    expect(result.data).not.toEqual(onePass.data);
    swap.destroy();
  });

  gpuIt('the same seed gives the same bytes; another seed, other bytes; from the content too', { timeout: 300_000 }, async ({ device }) => {
    const swap = await createStyleSwap({ device, weights: WEIGHTS_DIR });
    const run = (init: 'noise' | 'content', seed: number) => swap.stylize(CONTENT, STYLE, { ...SMALL, optimize: { iterations: 3, init, seed } });
    const [a, b, c] = [await run('noise', 7), await run('noise', 7), await run('noise', 8)];
    expect(Buffer.compare(Buffer.from(a.data), Buffer.from(b.data))).toBe(0);
    expect(Buffer.compare(Buffer.from(a.data), Buffer.from(c.data))).not.toBe(0);
    const [d, e] = [await run('content', 1), await run('content', 1)];
    expect(Buffer.compare(Buffer.from(d.data), Buffer.from(e.data))).toBe(0);
    swap.destroy();
  });

  gpuIt('an abort stops between iterations; a target gets the image; bad settings are refused by name', { timeout: 300_000 }, async ({ device }) => {
    const swap = await createStyleSwap({ device, weights: WEIGHTS_DIR });
    const controller = new AbortController();
    const call = swap.stylize(CONTENT, STYLE, {
      ...SMALL,
      optimize: { iterations: 50 },
      signal: controller.signal,
      onProgress: (p) => p.stage === 'optimize' && controller.abort(),
    });
    await expect(call).rejects.toMatchObject({ code: 'aborted' });
    const expected = await swap.stylize(CONTENT, STYLE, { ...SMALL, optimize: { iterations: 2 } });
    const target = device.createTexture({
      size: [expected.width, expected.height],
      format: 'rgba8unorm',
      usage: GPUTextureUsage.COPY_DST | GPUTextureUsage.COPY_SRC,
    });
    const written = await swap.stylize(CONTENT, STYLE, { ...SMALL, optimize: { iterations: 2 }, target });
    expect(written.optimization!.losses.map((l) => l.loss)).toEqual(expected.optimization!.losses.map((l) => l.loss));
    for (const [settings, message] of [
      [{ iterations: 0 }, /optimize\.iterations must be a positive integer, got 0/],
      [{ init: 'random' }, /optimize\.init must be 'decoder', 'content' or 'noise', got the string 'random'/],
      [{ learningrate: 0.1 }, /unknown optimize option 'learningrate'; did you mean 'learningRate'\?/],
      [{ tvWeight: -1 }, /optimize\.tvWeight must be a number ≥ 0, got -1/],
      ['yes', /optimize must be true, false or an object of settings, got the string 'yes'/],
    ] as const) {
      await expect(swap.stylize(CONTENT, STYLE, { ...SMALL, optimize: settings as never }), JSON.stringify(settings)).rejects.toThrow(message);
    }
    await expect(swap.stylize(benchImage('astronaut', 256), STYLE, { maxStyleSize: 48, tileSize: 128, optimize: true })).rejects.toMatchObject({
      code: 'too-large',
      message: expect.stringMatching(/optimize is not tiled yet/),
    });
    swap.destroy();
  });
});
