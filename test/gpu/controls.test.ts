// Strength and colour preservation end to end: the GPU pipeline against the whole CPU reference (encoder, swap,
// strength blend, inverse net, colour step) on a content whose size needs padding, and every bad value refused.
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStyleSwap, readImageFile, type NodeImage, type RgbaImage, type StyleSwap } from '../../src/node/index';
import { blendStyles, maskFeatures, preserveColor, strengthBlend } from '../../src/reference/controls';
import { layoutToTensor, tensorToLayout } from '../../src/reference/image';
import { referenceDecoder, referenceEncoder } from '../../src/reference/networks';
import { referenceSwap } from '../../src/reference/swap';
import type { Tensor } from '../../src/reference/tensor';
import { psnr } from '../helpers/compare';
import { FIXTURES, WEIGHTS_DIR } from '../helpers/fixtures';
import { rejection } from '../helpers/rejection';
import { modelWeights } from '../helpers/weights';

const STYLE = resolve(FIXTURES, 'starry_96x64.png');

let swap: StyleSwap<NodeImage>;
let content: RgbaImage; // 61×45: padded to 64×48 for the encoder, cropped back
let reference: (controls: { strength: number; preserveColor: boolean }) => Uint32Array;

/** The CPU reference of the whole pipeline, with the swap done once and each control applied after it. */
async function cpuPipeline(image: RgbaImage, style: RgbaImage) {
  const weights = await modelWeights();
  const words = (i: RgbaImage) => new Uint32Array(Uint8Array.from(i.data).buffer);
  const size = { width: image.width, height: image.height };
  const padded = { width: 64, height: 48 };
  const rgb = layoutToTensor(words(image), { source: size, rowPixels: image.width, scaled: size, padded, bgra: false });
  const styleSize = { width: style.width, height: style.height };
  const styleRgb = layoutToTensor(words(style), {
    source: styleSize,
    rowPixels: style.width,
    scaled: { width: 48, height: 32 },
    padded: { width: 48, height: 32 },
    bgra: false,
  });
  const contentFeatures = referenceEncoder(weights.encoder, rgb).relu3_1!;
  const styleFeatures = referenceEncoder(weights.encoder, styleRgb).relu3_1!;
  const { swapped } = referenceSwap(
    contentFeatures,
    styleFeatures,
    3,
    1,
    weights.encoder.caffeScale.map((s) => s * s),
  );
  const output = { tensor: padded, output: size, rowPixels: size.width, bgra: false };
  return ({ strength, preserveColor: keep }: { strength: number; preserveColor: boolean }) => {
    const decoded: Tensor = referenceDecoder(weights.decoder, strengthBlend(swapped, contentFeatures, strength)).dec_out!;
    return tensorToLayout(keep ? preserveColor(decoded, rgb) : decoded, output);
  };
}

const rgbBytes = (words: Uint32Array) => new Uint8Array(words.buffer).filter((_, i) => i % 4 !== 3);
const rgbOf = (data: ArrayLike<number>) => Uint8Array.from(data).filter((_, i) => i % 4 !== 3);

beforeAll(async () => {
  swap = await createStyleSwap({ weights: WEIGHTS_DIR });
  const coffee = await readImageFile(resolve(FIXTURES, 'coffee_128x88.png'));
  const data = new Uint8Array(4 * 61 * 45);
  for (let y = 0; y < 45; y++) data.set(coffee.data.subarray(4 * y * coffee.width, 4 * (y * coffee.width + 61)), 4 * y * 61);
  content = { width: 61, height: 45, data };
  reference = await cpuPipeline(content, await readImageFile(STYLE));
}, 120_000);
afterAll(() => swap?.destroy());

describe('strength and colour preservation vs the CPU reference', () => {
  const cases = [
    { strength: 1, preserveColor: false },
    { strength: 0.5, preserveColor: false },
    { strength: 0, preserveColor: false },
    { strength: 1, preserveColor: true },
    { strength: 0.3, preserveColor: true },
  ];
  for (const controls of cases) {
    it(`strength ${controls.strength}${controls.preserveColor ? ', colour preserved' : ''}: PSNR > 40 dB`, async () => {
      const result = await swap.stylize(content, STYLE, { maxStyleSize: 48, ...controls });
      expect([result.width, result.height]).toEqual([61, 45]);
      const db = psnr(rgbOf(result.data), rgbBytes(reference(controls)), 255);
      console.log(`[controls] strength ${controls.strength}, preserveColor ${controls.preserveColor}: ${db.toFixed(1)} dB against the CPU reference`);
      expect(db).toBeGreaterThan(40);
    });
  }

  it('the controls change the image: strength 0 is the content reconstructed, far from strength 1', async () => {
    const full = await swap.stylize(content, STYLE, { maxStyleSize: 48 });
    const none = await swap.stylize(content, STYLE, { maxStyleSize: 48, strength: 0 });
    const kept = await swap.stylize(content, STYLE, { maxStyleSize: 48, preserveColor: true });
    expect(psnr(rgbOf(none.data), rgbOf(content.data), 255), 'strength 0 ≈ the content').toBeGreaterThan(psnr(rgbOf(full.data), rgbOf(content.data), 255) + 5);
    expect(psnr(rgbOf(kept.data), rgbOf(full.data), 255)).toBeLessThan(40);
  });

  it('bad values are refused with code option', async () => {
    const bad: [object, RegExp][] = [
      [{ strength: 1.5 }, /strength must be a number from 0 to 1, got 1\.5/],
      [{ strength: -0.1 }, /strength must be a number from 0 to 1, got -0\.1/],
      [{ strength: Number.NaN }, /strength must be a number from 0 to 1, got NaN/],
      [{ strength: '0.5' }, /strength must be a number from 0 to 1, got the string '0\.5'/],
      [{ preserveColor: 'yes' }, /preserveColor must be true or false, got the string 'yes'/],
    ];
    for (const [options, message] of bad) {
      const error = await rejection(swap.stylize(content, STYLE, options as never));
      expect(error.code).toBe('option');
      expect(error.message).toMatch(message);
    }
  });
});

describe('match once, render many', () => {
  const same = (a: ArrayLike<number>, b: ArrayLike<number>) => Buffer.compare(Buffer.from(Uint8Array.from(a)), Buffer.from(Uint8Array.from(b))) === 0;

  it('each render equals a fresh stylize with the same controls, bit for bit, and runs only the decode stage', async () => {
    const matched = await swap.match(content, STYLE, { maxStyleSize: 48 });
    expect([matched.width, matched.height]).toEqual([61, 45]);
    for (const controls of [{ strength: 1 }, { strength: 0.25 }, { strength: 0.7, preserveColor: true }, {}]) {
      const stages = new Set<string>();
      const rendered = await matched.render({ ...controls, onProgress: ({ stage }) => stages.add(stage) });
      const fresh = await swap.stylize(content, STYLE, { maxStyleSize: 48, ...controls });
      expect(same(rendered.data, fresh.data), JSON.stringify(controls)).toBe(true);
      expect([...stages]).toEqual(['decode']); // no encoding, no matching
    }
    matched.destroy();
    matched.destroy();
    expect((await rejection(matched.render())).code).toBe('destroyed');
  });

  it('still renders after other calls grew the scratch, into a texture too; bad render options are refused', async () => {
    const matched = await swap.match(content, STYLE, { maxStyleSize: 48 });
    const before = await matched.render({ strength: 0.5 });
    await swap.stylize(resolve(FIXTURES, 'coffee_128x88.png'), STYLE, { maxContentSize: 200 }); // a larger content: the arena grows
    const after = await matched.render({ strength: 0.5 });
    expect(same(after.data, before.data)).toBe(true);
    const target = swap.device.createTexture({ size: [61, 45], format: 'rgba8unorm', usage: GPUTextureUsage.COPY_DST | GPUTextureUsage.COPY_SRC });
    expect(await matched.render({ strength: 0.5, target })).toEqual({ width: 61, height: 45, timings: undefined });
    target.destroy();
    const other = await createStyleSwap({ weights: WEIGHTS_DIR });
    const foreign = await other.match(content, STYLE, { maxStyleSize: 48 });
    expect((await rejection(swap.stylize(content, STYLE, { strength: 2 }))).code).toBe('option');
    expect((await rejection(foreign.render({ strength: Number.NaN }))).message).toMatch(/strength must be a number from 0 to 1/);
    expect((await rejection(matched.render({ patchSize: 5 } as never))).message).toMatch(/unknown render option 'patchSize'/);
    foreign.destroy();
    other.destroy();
    matched.destroy();
  });
});

describe('weighted styles and masks vs the CPU reference', () => {
  const CHELSEA = resolve(FIXTURES, 'chelsea_64x48.png');

  /** A mask of the content's aspect (61×45 here: stretched to the content's scaled size): white on the left third. */
  const leftMask = (): RgbaImage => {
    const data = new Uint8Array(4 * 61 * 45);
    for (let i = 0; i < 61 * 45; i++) data.set(i % 61 < 20 ? [255, 255, 255, 255] : [0, 0, 0, 255], 4 * i);
    return { width: 61, height: 45, data };
  };

  it('two styles (weights 1 and 3), the second masked, strength 0.6: PSNR > 40 dB against the CPU pipeline', async () => {
    const weights = await modelWeights();
    const scale2 = weights.encoder.caffeScale.map((s) => s * s);
    const words = (i: RgbaImage) => new Uint32Array(Uint8Array.from(i.data).buffer);
    const size = { width: 61, height: 45 };
    const padded = { width: 64, height: 48 };
    const rgb = layoutToTensor(words(content), { source: size, rowPixels: 61, scaled: size, padded, bgra: false });
    const encode = (image: RgbaImage, scaled: { width: number; height: number }) =>
      referenceEncoder(weights.encoder, layoutToTensor(words(image), { source: image, rowPixels: image.width, scaled, padded: scaled, bgra: false })).relu3_1!;
    const contentFeatures = referenceEncoder(weights.encoder, rgb).relu3_1!;
    const starry = encode(await readImageFile(STYLE), { width: 48, height: 32 });
    const chelsea = encode(await readImageFile(CHELSEA), { width: 48, height: 36 });
    const swapped = [starry, chelsea].map((style) => referenceSwap(contentFeatures, style, 3, 1, scale2).swapped);
    const mask = leftMask();
    const maskMap = maskFeatures(layoutToTensor(words(mask), { source: mask, rowPixels: 61, scaled: size, padded, bgra: false }));
    const mixed = blendStyles(contentFeatures, swapped, [1, 3], [undefined, maskMap]);
    const decoded = referenceDecoder(weights.decoder, strengthBlend(mixed, contentFeatures, 0.6)).dec_out!;
    const expected = tensorToLayout(decoded, { tensor: padded, output: size, rowPixels: 61, bgra: false });

    const styles = [{ style: STYLE }, { style: CHELSEA, weight: 3, mask }];
    const result = await swap.stylize(content, styles, { maxStyleSize: 48, strength: 0.6 });
    const db = psnr(rgbOf(result.data), rgbBytes(expected), 255);
    console.log(`[controls] two styles, a mask, strength 0.6: ${db.toFixed(1)} dB against the CPU reference`);
    expect(db).toBeGreaterThan(40);
    // match once, render again: the same pixels
    const matched = await swap.match(content, styles, { maxStyleSize: 48 });
    expect(same(await matched.render({ strength: 0.6 }), result)).toBe(true);
    matched.destroy();
    // entries may be PreparedStyles too
    const prepared = await Promise.all([STYLE, CHELSEA].map((style) => swap.prepareStyle(style, { maxStyleSize: 48 })));
    const fromPrepared = await swap.stylize(content, [{ style: prepared[0]! }, { style: prepared[1]!, weight: 3, mask }], { strength: 0.6 });
    expect(same(fromPrepared, result)).toBe(true);
    prepared.forEach((style) => style.destroy());
  });

  it('a single entry without a mask is the plain style; with weight 0 everywhere or an empty list, an error', async () => {
    const plain = await swap.stylize(content, STYLE, { maxStyleSize: 48 });
    const listed = await swap.stylize(content, [{ style: STYLE, weight: 2.5 }], { maxStyleSize: 48 });
    expect(same(listed, plain)).toBe(true);
    const bad: [unknown, RegExp, string][] = [
      [[], /the style list is empty/, 'option'],
      [[{ style: STYLE, weight: -1 }], /style 1's weight must be a finite number ≥ 0, got -1/, 'option'],
      [[{ style: STYLE, weight: Number.POSITIVE_INFINITY }], /weight must be a finite number ≥ 0, got Infinity/, 'option'],
      [
        [
          { style: STYLE, weight: 0 },
          { style: CHELSEA, weight: 0 },
        ],
        /every style weight is 0/,
        'option',
      ],
      [[{ style: STYLE, wieght: 2 }], /unknown style 1 option 'wieght'; did you mean 'weight'\?/, 'option'],
      [
        [{ style: STYLE, mask: { width: 40, height: 40, data: new Uint8Array(6400) } }],
        /style 1's mask is 40×40 \(aspect 1\.000\), but the content is 61×45 \(aspect 1\.356\)/,
        'image',
      ],
    ];
    for (const [styles, message, code] of bad) {
      const error = await rejection(swap.stylize(content, styles as never, { maxStyleSize: 48 }));
      expect(error.code, String(message)).toBe(code);
      expect(error.message).toMatch(message);
    }
  });
});

function same(a: { data?: ArrayLike<number> }, b: { data?: ArrayLike<number> }): boolean {
  return Buffer.compare(Buffer.from(Uint8Array.from(a.data!)), Buffer.from(Uint8Array.from(b.data!))) === 0;
}
