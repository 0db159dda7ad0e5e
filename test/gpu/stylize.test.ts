// The swap and the whole stylize pipeline against test/fixtures, the public API's behaviour, and bad options.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStyleSwap, readImageFile, styleSwap, type NodeImage, type RgbaImage, type StyleSwap } from '../../src/node/index';
import { rejection } from '../helpers/rejection';
import { psnr, relativeL2 } from '../helpers/compare';
import { FIXTURES, readGolden, WEIGHTS_DIR } from '../helpers/fixtures';
import { tiesExplain } from '../helpers/ties';
import { patchNorms, patchScore } from '../../src/reference/swap';
import { modelWeights } from '../helpers/weights';
import { nodeGpu } from '../../src/node/dawn';

const COFFEE = resolve(FIXTURES, 'coffee_128x88.png');
const STARRY = resolve(FIXTURES, 'starry_96x64.png');

let swap: StyleSwap<NodeImage>;
beforeAll(async () => {
  swap = await createStyleSwap({ weights: WEIGHTS_DIR });
});
afterAll(() => swap?.destroy());

/** PSNR (dB) of an RGBA8 result against a golden PNG, over RGB. */
async function psnrAgainst(result: { data?: Uint8ClampedArray }, png: string): Promise<number> {
  const golden = await readImageFile(png);
  const rgb = (data: ArrayLike<number>) => Array.from(data).filter((_, i) => i % 4 !== 3);
  return psnr(rgb(result.data!), rgb(golden.data), 255);
}

describe('swap vs golden', () => {
  const cases = [
    { file: 'swap_p3s1.safetensors', patchSize: 3, patchStride: 1, matchSpace: 'normalized' as const },
    { file: 'swap_p5s2.safetensors', patchSize: 5, patchStride: 2, matchSpace: 'normalized' as const },
    { file: 'swap_p3s1_caffe.safetensors', patchSize: 3, patchStride: 1, matchSpace: 'vgg19' as const },
  ];
  for (const { file, ...options } of cases.flatMap((c) => [
    { ...c, match: 'exact' as const },
    { ...c, match: 'approximate' as const },
  ])) {
    it(`${file}, ${options.match} match: argmax (up to ties) and swapped features`, async () => {
      const golden = readGolden(file);
      const content = golden.chw('content_features');
      const style = golden.chw('style_features');
      const result = await swap.swap(content, style, options);
      // The score of each of our choices (CPU reference), to tell a tie from a mismatch.
      const scale = (await modelWeights()).encoder.caffeScale;
      const weights = options.matchSpace === 'vgg19' ? scale.map((s) => s * s) : new Float32Array(256).fill(1);
      const norms = patchNorms(style, options.patchSize, options.patchStride, weights);
      const ourScores = Float32Array.from(result.argmax, (j, i) => patchScore(content, style, options.patchSize, options.patchStride, weights, norms, i, j));
      tiesExplain(result.argmax, golden.raw('argmax') as Int32Array, ourScores, golden.raw('best_score') as Float32Array);
      expect(relativeL2(result.features.data, golden.chw('swapped').data)).toBeLessThan(1e-4);
    });
  }
});

describe('stylize vs golden', () => {
  for (const [matchSpace, match] of [
    ['vgg19', 'exact'],
    ['normalized', 'exact'],
    ['vgg19', 'approximate'],
  ] as const) {
    it(`coffee × starry, match space ${matchSpace}, ${match} match: PSNR > 40 dB`, async () => {
      const result = await swap.stylize(COFFEE, STARRY, { matchSpace, match });
      expect([result.width, result.height]).toEqual([128, 88]);
      const db = await psnrAgainst(result, resolve(FIXTURES, `stylize_coffee_starry_${matchSpace}.png`));
      console.log(`[gpu tests] stylize ${matchSpace}, ${match} match: ${db.toFixed(1)} dB`);
      expect(db).toBeGreaterThan(40);
    });
  }

  it("precision 'f16': the weights in half floats (half their bytes), the image within 40 dB of 'f32' and of the golden, but not the same bytes", async () => {
    const half = await createStyleSwap({ weights: WEIGHTS_DIR, precision: 'f16', tuning: swap.tuning });
    const [f16, f32] = [await half.stylize(COFFEE, STARRY), await swap.stylize(COFFEE, STARRY)];
    const rgb = (data: ArrayLike<number>) => Array.from(data).filter((_, i) => i % 4 !== 3);
    const againstF32 = psnr(rgb(f16.data), rgb(f32.data), 255);
    const againstGolden = await psnrAgainst(f16, resolve(FIXTURES, 'stylize_coffee_starry_vgg19.png'));
    console.log(`[gpu tests] precision f16: ${againstF32.toFixed(1)} dB against f32, ${againstGolden.toFixed(1)} dB against the golden`);
    expect(againstF32).toBeGreaterThan(40);
    expect(againstGolden).toBeGreaterThan(40);
    expect(Buffer.from(f16.data).equals(Buffer.from(f32.data)), 'f16 storage changes some pixel').toBe(false);
    // Weights and Winograd filters are stored in half the bytes; biases and the match's channel weights stay f32.
    const saved = (await swap.allocatedBytes()) - (await half.allocatedBytes());
    console.log(`[gpu tests] precision f16 holds ${(saved / 2 ** 20).toFixed(2)} MiB less`);
    expect(saved).toBeGreaterThan(2 ** 20);
    half.destroy();
  });

  it('a prepared style gives the same image as the one-call API, and is reusable', async () => {
    const prepared = await swap.prepareStyle(STARRY);
    expect([prepared.width, prepared.height, prepared.features.height, prepared.features.width]).toEqual([96, 64, 16, 24]);
    const first = await swap.stylize(COFFEE, prepared);
    const second = await swap.stylize(COFFEE, prepared);
    const once = await styleSwap(COFFEE, STARRY, { weights: WEIGHTS_DIR });
    expect(second.data).toEqual(first.data);
    expect(once.data).toEqual(first.data);
    prepared.destroy();
    prepared.destroy();
    expect((await rejection(swap.stylize(COFFEE, prepared))).message).toMatch(/PreparedStyle was destroyed/);
  });

  it('two overlapping stylize calls on one instance both finish correctly', async () => {
    const [a, b] = await Promise.all([swap.stylize(COFFEE, STARRY), swap.stylize(STARRY, COFFEE, { matchSpace: 'normalized' })]);
    const [a1, b1] = [await swap.stylize(COFFEE, STARRY), await swap.stylize(STARRY, COFFEE, { matchSpace: 'normalized' })];
    expect(a.data).toEqual(a1.data);
    expect(b.data).toEqual(b1.data);
  });

  it('outputs the exact (scaled) content size, also when it is not a multiple of 4', async () => {
    const coffee = await readImageFile(COFFEE);
    const odd = crop(coffee, 61, 45);
    const result = await swap.stylize(odd, STARRY);
    expect([result.width, result.height, result.data.length]).toEqual([61, 45, 61 * 45 * 4]);
    const scaled = await swap.stylize(COFFEE, STARRY, { maxContentSize: 50 });
    expect([scaled.width, scaled.height]).toEqual([50, 34]); // 128×88 → 50×34.4, aspect kept
  });

  it('maxStyleSize downscales the style before it is encoded', async () => {
    const prepared = await swap.prepareStyle(STARRY, { maxStyleSize: 48 });
    expect([prepared.width, prepared.height, prepared.features.height, prepared.features.width]).toEqual([48, 32, 8, 12]);
    const viaOption = await swap.stylize(COFFEE, STARRY, { maxStyleSize: 48 });
    const viaPrepared = await swap.stylize(COFFEE, prepared);
    const fullStyle = await swap.stylize(COFFEE, STARRY);
    prepared.destroy();
    expect([viaOption.width, viaOption.height]).toEqual([128, 88]); // the content keeps its size
    expect(Buffer.compare(Buffer.from(viaOption.data), Buffer.from(viaPrepared.data)), 'the option encodes the 48×32 style').toBe(0);
    expect(Buffer.compare(Buffer.from(viaOption.data), Buffer.from(fullStyle.data)), 'and that differs from the 96×64 one').not.toBe(0);
  });

  it('profile reports each stage', async () => {
    const { timings } = await swap.stylize(COFFEE, STARRY, { profile: true });
    expect(Object.keys(timings!)).toEqual(['encode style', 'encode content', 'match', 'average', 'decode']);
    for (const ms of Object.values(timings!)) expect(ms).toBeGreaterThan(0);
  });
});

describe('bad options and inputs', () => {
  it('patchSize even, zero or fractional; patchStride < 1; unknown match space', async () => {
    for (const patchSize of [2, 0, -3, 2.5]) {
      expect((await rejection(swap.stylize(COFFEE, STARRY, { patchSize }))).message).toMatch(/patchSize must be an odd positive integer/);
    }
    expect((await rejection(swap.stylize(COFFEE, STARRY, { patchStride: 0 }))).message).toMatch(/patchStride must be a positive integer, got 0/);
    const space = 'caffe' as unknown as 'vgg19';
    expect((await rejection(swap.stylize(COFFEE, STARRY, { matchSpace: space }))).message).toMatch(/matchSpace must be 'vgg19' or 'normalized'/);
    expect((await rejection(swap.stylize(COFFEE, STARRY, { maxContentSize: 0 }))).message).toMatch(/maxContentSize must be a positive integer/);
  });

  it('a style smaller than one patch names the style and patchSize', async () => {
    const tiny = crop(await readImageFile(STARRY), 8, 8); // 2×2 features
    const error = await rejection(swap.stylize(COFFEE, tiny));
    expect(error.message).toMatch(/the style features are 2×2, smaller than one 3×3 patch \(patchSize\)/);
    const big = await rejection(swap.stylize(COFFEE, STARRY, { patchSize: 17 }));
    expect(big.message).toMatch(/style features are 16×24, smaller than one 17×17 patch/);
  });

  it("precision other than 'f32' or 'f16', or 'f16' on a device without shader-f16, is an option error that says so", async () => {
    const error = await rejection(createStyleSwap({ weights: WEIGHTS_DIR, precision: 'f64' as 'f32' }));
    expect([error.code, error.message]).toEqual(['option', "precision must be 'f32' or 'f16', got the string 'f64'"]);
    const device = await (await nodeGpu().requestAdapter())!.requestDevice(); // no features
    const noF16 = await rejection(createStyleSwap({ weights: WEIGHTS_DIR, device, precision: 'f16', tuning: 'off' }));
    expect(noF16.code).toBe('option');
    expect(noF16.message).toMatch(
      /precision 'f16' needs the shader-f16 feature, which the GPUDevice passed in \(request it with requiredFeatures: \['shader-f16'\]\) does not have/,
    );
    device.destroy();
  });

  it('a destroyed instance names itself', async () => {
    const instance = await createStyleSwap({ weights: WEIGHTS_DIR });
    instance.destroy();
    expect((await rejection(instance.stylize(COFFEE, STARRY))).message).toMatch(/instance was destroyed/);
    expect(() => instance.adapter).toThrow(/destroyed/);
  });
});

function crop(image: RgbaImage, width: number, height: number): RgbaImage {
  const data = new Uint8Array(4 * width * height);
  for (let y = 0; y < height; y++) data.set(image.data.subarray(4 * y * image.width, 4 * (y * image.width + width)), 4 * y * width);
  return { width, height, data };
}
