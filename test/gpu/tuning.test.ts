// The tuner on a real adapter: it times every conv variant and keeps the fastest; its record round-trips through
// JSON and is then used without timing; a bad or foreign record is ignored with a warning; and whichever variants it
// picks, the results stay within the tolerances.
import { resolve } from 'node:path';
import { afterEach, describe, expect, vi } from 'vitest';
import { createStyleSwap } from '../../src/node/index';
import { nodeGpu } from '../../src/node/dawn';
import { deviceGramVariants } from '../../src/tuning/matchTuner';
import { timedConvVariants } from '../../src/tuning/convTuner';
import { isCpuAdapter } from '../../src/kernels/launchSettings';
import type { TuningRecord } from '../../src/tuning/record';
import { relativeL2 } from '../helpers/compare';
import { FIXTURES, WEIGHTS_DIR } from '../helpers/fixtures';
import { gpuIt } from '../helpers/gpuTest';
import { rejection } from '../helpers/rejection';
import { forced } from '../helpers/tuning';

const CONTENT = resolve(FIXTURES, 'coffee_128x88.png');
const STYLE = resolve(FIXTURES, 'starry_96x64.png');
const SMALL = { maxContentSize: 61, maxStyleSize: 48 };

afterEach(() => {
  vi.restoreAllMocks();
});

describe('tuner', () => {
  gpuIt('measures every variant of the ten convs on this adapter and leaves the direct kernel only for one 20% faster', async ({ device }) => {
    const swap = await createStyleSwap({ device, weights: WEIGHTS_DIR });
    const record = swap.tuning;
    expect(record).toMatchObject({ format: 'webgpu-style-swap/tuning', version: 3, adapter: swap.adapter });
    expect(record.size).toBeGreaterThan(0);
    expect(Object.keys(record.convs)).toHaveLength(10);
    for (const [shapeClass, choice] of Object.entries(record.convs)) {
      const times = Object.entries<number>(choice.ms as Record<string, number>);
      // Every variant applies at the tuning size but the narrow and tiled kernels to a pooling layer; a CPU adapter
      // does not time the workgroup-memory kernel.
      const timed = timedConvVariants(isCpuAdapter(swap.adapter)).filter((v) => !shapeClass.includes('pool') || !['narrow', 'tiled'].includes(v));
      expect(times.map(([name]) => name).sort(), shapeClass).toEqual([...timed].sort());
      expect(
        times.every(([, ms]) => ms > 0 && Number.isFinite(ms)),
        shapeClass,
      ).toBe(true);
      const [fastest, best] = times.sort((a, b) => a[1] - b[1])[0]!;
      expect(choice.variant, shapeClass).toBe(best * 1.2 <= choice.ms.direct! ? fastest : 'direct');
    }
    // The match's window-score layouts give the same argmax, so the faster one is kept outright.
    const layouts = Object.entries<number>(record.match.ms as Record<string, number>);
    expect(layouts.map(([name]) => name).sort()).toEqual(['content-major', 'style-major']);
    expect(record.match.variant).toBe(layouts.sort((a, b) => a[1] - b[1])[0]![0]);
    // So do the Gram variants (the same result, bit for bit); the subgroup one where the device has subgroups.
    const grams = Object.entries<number>(record.gram.ms as Record<string, number>);
    expect(grams.map(([name]) => name).sort()).toEqual(deviceGramVariants(device).sort());
    expect(record.gram.variant).toBe(grams.sort((a, b) => a[1] - b[1])[0]![0]);
    swap.destroy();
  });

  gpuIt('a record round-trips through JSON and is used as it is: nothing is timed, no warning', async ({ device }) => {
    const measured = await createStyleSwap({ device, weights: WEIGHTS_DIR });
    const stored = JSON.stringify(forced(measured.tuning, 'direct'));
    measured.destroy();
    const warn = vi.spyOn(console, 'warn');
    const swap = await createStyleSwap({ device, weights: WEIGHTS_DIR, tuning: JSON.parse(stored) });
    expect(JSON.stringify(swap.tuning)).toBe(stored);
    expect(warn).not.toHaveBeenCalled();
    swap.destroy();
  });

  gpuIt('a foreign or broken record is ignored with a warning that says why, and the adapter measured instead', async ({ device }) => {
    const measured = await createStyleSwap({ device, weights: WEIGHTS_DIR });
    const foreign = { ...forced(measured.tuning, 'winograd'), adapter: 'NVIDIA H200' };
    const broken = { ...measured.tuning, convs: { 'conv3x3 3→64': { variant: 'fft', ms: {} } } };
    for (const [record, why] of [
      [foreign, /another adapter \("NVIDIA H200"/],
      [broken, /no valid choice for conv3x3 3→64/],
    ] as const) {
      const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
      const swap = await createStyleSwap({ device, weights: WEIGHTS_DIR, tuning: record as unknown as TuningRecord });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toMatch(/tuning record passed to createStyleSwap is ignored/);
      expect(String(warn.mock.calls[0]![0])).toMatch(why);
      expect(swap.tuning).toEqual(measured.tuning); // this adapter's own measurement
      swap.destroy();
      warn.mockRestore();
    }
    measured.destroy();
    const error = await rejection(createStyleSwap({ device, weights: WEIGHTS_DIR, tuning: 'fast' as 'off' }));
    expect([error.code, error.message]).toEqual(['option', `tuning must be a tuning record, 'measure' or 'off', got "fast"`]);
  });

  gpuIt('a device without subgroups is not given a record measured on one with them (the subgroup Gram would not compile there)', async ({ device }) => {
    const measured = await createStyleSwap({ device, weights: WEIGHTS_DIR });
    expect(deviceGramVariants(device)).toContain('subgroup');
    const plain = await (await nodeGpu().requestAdapter())!.requestDevice(); // no features
    const swap = await createStyleSwap({ device: plain, weights: WEIGHTS_DIR });
    expect(swap.adapter).toBe(measured.adapter);
    expect(Object.keys(swap.tuning.gram.ms).sort(), 'measured again, on its own variants').toEqual(['register', 'tiled']);
    const image = await swap.stylize(CONTENT, STYLE, SMALL);
    expect(image.data.length).toBe(4 * image.width * image.height);
    swap.destroy();
    measured.destroy();
    plain.destroy();
  });

  gpuIt("precision 'f16' is tuned at f16: its convs are timed with half-float weights, not handed the record an f32 instance measured", async ({ device }) => {
    const f32 = await createStyleSwap({ device, weights: WEIGHTS_DIR });
    const again = await createStyleSwap({ device, weights: WEIGHTS_DIR });
    expect(again.tuning, 'an f32 instance reuses the record').toBe(f32.tuning);
    const compiled: string[] = [];
    const createShaderModule = device.createShaderModule.bind(device);
    device.createShaderModule = (descriptor) => {
      compiled.push(descriptor.label ?? '');
      return createShaderModule(descriptor);
    };
    const half = await createStyleSwap({ device, weights: WEIGHTS_DIR, precision: 'f16' });
    expect(half.tuning, 'measured again').not.toBe(f32.tuning);
    // (F(4×4) keeps f32 filters, so the f32 GEMM is timed too.)
    expect(compiled, 'the direct kernel and the F(2×2) GEMM timed with half-float weights').toEqual(
      expect.arrayContaining(['conv3x3_f16', 'winograd_gemm_f16']),
    );
    expect(compiled, 'the direct kernel not with f32 weights').not.toContain('conv3x3');
    for (const swap of [f32, again, half]) swap.destroy();
  });

  gpuIt(
    "the variants chosen never change results beyond the tolerances: all direct ('off') against all Winograd F(2×2), the other match layout and the tiled Gram, all Winograd F(4×4), and all tiled with the subgroup Gram",
    async ({ device }) => {
      const direct = await createStyleSwap({ device, weights: WEIGHTS_DIR, tuning: 'off' });
      expect(Object.values(direct.tuning.convs).every((c) => c.variant === 'direct')).toBe(true);
      expect(direct.tuning.match.variant).toBe('content-major');
      const features = await direct.encode(CONTENT);
      const image = await direct.stylize(CONTENT, STYLE, SMALL);
      expect(direct.tuning.gram.variant).toBe('register');
      const gramVariants = deviceGramVariants(device);
      for (const [variant, windowMatch, gram] of [
        ['winograd', 'style-major', 'tiled'],
        ['winograd4', 'content-major', 'register'],
        ['tiled', 'content-major', gramVariants.at(-1)!],
      ] as const) {
        const other = await createStyleSwap({ device, weights: WEIGHTS_DIR, tuning: forced(direct.tuning, variant, windowMatch, gram) });
        expect(relativeL2((await other.encode(CONTENT)).data, features.data), `${variant}: encoder features, rel. L2`).toBeLessThan(1e-5);
        const y = await other.stylize(CONTENT, STYLE, SMALL);
        let worst = 0;
        for (let i = 0; i < image.data.length; i++) worst = Math.max(worst, Math.abs(image.data[i]! - y.data[i]!));
        expect(worst, `${variant}: largest pixel difference (of 255)`).toBeLessThanOrEqual(1);
        if (variant !== 'tiled') expect(await other.allocatedBytes()).toBeGreaterThan(await direct.allocatedBytes()); // the Winograd filters and scratch are counted
        other.destroy();
      }
      direct.destroy();
    },
  );
});
