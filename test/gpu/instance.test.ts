// The instance's modes and resources on a real adapter: debug mode, GPU validation errors, writing into a caller's
// texture from Node, and the memory it reports.
import { resolve } from 'node:path';
import { describe, expect } from 'vitest';
import { launchSettingsFor } from '../../src/kernels/launchSettings';
import { createStyleSwap } from '../../src/node/index';
import { FIXTURES, WEIGHTS_DIR } from '../helpers/fixtures';
import { readTexture } from '../helpers/gpu';
import { gpuIt } from '../helpers/gpuTest';
import { rejection } from '../helpers/rejection';

const CONTENT = resolve(FIXTURES, 'coffee_128x88.png');
const STYLE = resolve(FIXTURES, 'starry_96x64.png');
const SMALL = { maxContentSize: 61, maxStyleSize: 48 }; // 61×42: an output row of 244 bytes, not a multiple of 256

const same = (a: ArrayLike<number>, b: ArrayLike<number>) => Buffer.compare(Buffer.from(Uint8Array.from(a)), Buffer.from(Uint8Array.from(b))) === 0;

describe('instance', () => {
  gpuIt('debug mode (a submit and error scopes per kernel) gives the same pixels as one submit', async ({ device }) => {
    const fast = await createStyleSwap({ device, weights: WEIGHTS_DIR });
    const debug = await createStyleSwap({ device, weights: WEIGHTS_DIR, debug: true });
    const expected = await fast.stylize(CONTENT, STYLE, SMALL);
    const actual = await debug.stylize(CONTENT, STYLE, { ...SMALL, profile: true });
    expect(same(actual.data, expected.data)).toBe(true);
    expect(Object.keys(actual.timings!)).toEqual(['encode style', 'encode content', 'match', 'average', 'decode']);
    fast.destroy();
    debug.destroy();
  });

  gpuIt('a WebGPU validation error surfaces as code gpu-validation, naming the call', async ({ device }) => {
    const swap = await createStyleSwap({ device, weights: WEIGHTS_DIR });
    const target = device.createTexture({ size: [61, 42], format: 'rgba8unorm', usage: GPUTextureUsage.COPY_DST | GPUTextureUsage.COPY_SRC });
    target.destroy(); // passes every check of ours, and WebGPU refuses to write it
    for (const debug of [false, true]) {
      const instance = debug ? await createStyleSwap({ device, weights: WEIGHTS_DIR, debug }) : swap;
      const error = await rejection(instance.stylize(CONTENT, STYLE, { ...SMALL, target }));
      expect(error.code, `debug ${debug}`).toBe('gpu-validation');
      expect(error.message).toMatch(/^stylize(: finish)?: WebGPU validation error: /);
      if (debug) instance.destroy();
    }
    expect((await swap.stylize(CONTENT, STYLE, SMALL)).width).toBe(61); // the instance still works
    swap.destroy();
  });

  gpuIt('target: writes into an RGBA8 or BGRA8 texture, plain or -srgb, in Node: the same bytes as the readback', async ({ device }) => {
    const swap = await createStyleSwap({ device, weights: WEIGHTS_DIR });
    const expected = await swap.stylize(CONTENT, STYLE, SMALL);
    for (const format of ['rgba8unorm', 'bgra8unorm', 'rgba8unorm-srgb', 'bgra8unorm-srgb'] as const) {
      const target = device.createTexture({ size: [61, 42], format, usage: GPUTextureUsage.COPY_DST | GPUTextureUsage.COPY_SRC });
      const result = await swap.stylize(CONTENT, STYLE, { ...SMALL, target });
      expect(result).toEqual({ width: 61, height: 42, timings: undefined });
      const pixels = await readTexture(device, target);
      if (format.startsWith('bgra')) for (let i = 0; i < pixels.length; i += 4) [pixels[i], pixels[i + 2]] = [pixels[i + 2]!, pixels[i]!];
      expect(same(pixels, expected.data), format).toBe(true);
    }
    const float = device.createTexture({ size: [61, 42], format: 'rgba16float', usage: GPUTextureUsage.COPY_DST });
    const error = await rejection(swap.stylize(CONTENT, STYLE, { ...SMALL, target: float }));
    expect([error.code, error.message]).toEqual(['option', 'target is a rgba16float texture; use rgba8unorm, rgba8unorm-srgb, bgra8unorm, bgra8unorm-srgb']);
    swap.destroy();
  });

  gpuIt('allocatedBytes: the weights at first, more after a call, flat when the call repeats, prepared styles apart', async ({ device }) => {
    const swap = await createStyleSwap({ device, weights: WEIGHTS_DIR });
    const weightsOnly = await swap.allocatedBytes();
    // 1.1 M parameters, float32, packed; where the tuner chose Winograd, those layers' filters (16/9 as many for
    // F(2×2), 36/9 for F(4×4)) and its two scratch buffers too.
    const variants = Object.values(swap.tuning.convs).map((c) => c.variant);
    const winograd = variants.some((v) => v === 'winograd' || v === 'winograd4');
    const scratch = winograd ? 2 * launchSettingsFor(swap.adapter, device.limits).winogradBytes : 0;
    const filtersPerWeight = variants.includes('winograd4') ? 36 / 9 : variants.includes('winograd') ? 16 / 9 : 0;
    expect(weightsOnly - scratch).toBeGreaterThan(4e6);
    expect(weightsOnly - scratch).toBeLessThan(8e6 * (1 + filtersPerWeight));
    await swap.stylize(CONTENT, STYLE, SMALL);
    const afterOne = await swap.allocatedBytes();
    expect(afterOne).toBeGreaterThan(weightsOnly);
    await swap.stylize(CONTENT, STYLE, SMALL);
    expect(await swap.allocatedBytes()).toBe(afterOne);
    const style = await swap.prepareStyle(STYLE, { maxStyleSize: 48 });
    expect(await swap.allocatedBytes()).toBe(afterOne);
    style.destroy();
    swap.destroy();
  });

  gpuIt('plans are cached per size and the least recently used are dropped: memory stays bounded over many sizes', async ({ device }) => {
    const swap = await createStyleSwap({ device, weights: WEIGHTS_DIR });
    const image = (side: number) => ({ width: side, height: side, data: new Uint8Array(4 * side * side).fill(90) });
    const held: number[] = [];
    for (const side of [40, 36, 32, 28, 24, 20]) {
      await swap.encode(image(side));
      held.push(await swap.allocatedBytes());
    }
    // The arena is sized by the first (largest) image. Until the cache is full each size adds a plan; after that each
    // new (smaller) size replaces the least recently used (larger) plan, so the total falls.
    expect(held[1]).toBeGreaterThan(held[0]!);
    expect(held[4]).toBeLessThan(held[3]!);
    expect(held[5]).toBeLessThan(held[4]!);
    swap.destroy();
  });
});
