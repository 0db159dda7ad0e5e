// Hostile but realistic use: image bombs, phone photos, typos in options, wrong pixel types, lifecycle misuse,
// cancellation and progress. Every case fails with a StyleSwapError whose code and message name the problem.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createStyleSwap,
  nodeGpu,
  readImageFile,
  StyleSwapError,
  styleSwap,
  writeImageFile,
  type NodeImage,
  type Progress,
  type StyleSwap,
} from '../src/node/index';
import { FIXTURES, WEIGHTS_DIR } from './helpers/fixtures';
import { jpegWithOrientation, pngHeaderOnly } from './helpers/images';
import { rejection } from './helpers/rejection';

const CONTENT = resolve(FIXTURES, 'coffee_128x88.png');
const STYLE = resolve(FIXTURES, 'starry_96x64.png');
const SMALL = { maxContentSize: 48, maxStyleSize: 48 };
const scratch = mkdtempSync(join(tmpdir(), 'style-swap-hardening-'));

let swap: StyleSwap<NodeImage>;
beforeAll(async () => {
  swap = await createStyleSwap({ weights: WEIGHTS_DIR });
});
afterAll(() => swap?.destroy());

describe('image inputs', () => {
  it('a 20000×20000 PNG bomb is refused from its header, before any decoding, naming the input and its size', async () => {
    const bomb = join(scratch, 'bomb.png');
    writeFileSync(bomb, pngHeaderOnly(20000, 20000));
    const error = await rejection(swap.stylize(bomb, STYLE));
    expect(error.code).toBe('image');
    expect(error.message).toMatch(/content file .*bomb\.png is 20000×20000 \(400\.0 MP\), over the limit of 100\.0 MP \(option maxInputPixels\)/);
    const asBytes = await rejection(swap.stylize(CONTENT, pngHeaderOnly(12000, 9000)));
    expect(asBytes.message).toMatch(/style \(bytes\) is 12000×9000 \(108\.0 MP\)/);
  });

  it('styleSwap() refuses bad images and options before it loads weights or makes a device', async () => {
    // The weights folder does not exist: an error about it would mean the checks came after loading them.
    const nowhere = { weights: join(scratch, 'no-weights-here') };
    const bomb = join(scratch, 'bomb-once.png');
    writeFileSync(bomb, pngHeaderOnly(20000, 20000));
    const started = performance.now();
    expect((await rejection(styleSwap(bomb, STYLE, nowhere))).message).toMatch(/content file .*bomb-once\.png is 20000×20000/);
    expect((await rejection(styleSwap(CONTENT, STYLE, { ...nowhere, patchSize: 4 }))).message).toMatch(/patchSize must be an odd positive integer/);
    expect((await rejection(styleSwap(CONTENT, STYLE, { ...nowhere, strength: 2 }))).message).toMatch(/strength must be a number from 0 to 1/);
    expect((await rejection(styleSwap(CONTENT, [{ style: STYLE, mask: resolve(FIXTURES, 'starry_96x64.png') }], nowhere))).code).toBe('image'); // mask aspect
    expect(performance.now() - started).toBeLessThan(2000);
    expect((await rejection(styleSwap(CONTENT, STYLE, nowhere))).code).toBe('weights'); // good input: now the weights
  });

  it('maxInputPixels applies to files, bytes and raw pixels alike', async () => {
    const strict = await createStyleSwap({ weights: WEIGHTS_DIR, maxInputPixels: 5000 });
    try {
      expect((await rejection(strict.encode(CONTENT))).message).toMatch(/image file .*coffee_128x88\.png is 128×88 \(0\.0 MP\), over the limit/);
      const pixels = { width: 100, height: 60, data: new Uint8Array(4 * 100 * 60) };
      expect((await rejection(strict.stylize(pixels, STYLE))).message).toMatch(/^content is 100×60/);
      expect((await strict.encode(resolve(FIXTURES, 'chelsea_64x48.png'))).width).toBe(16); // 3072 pixels pass
    } finally {
      strict.destroy();
    }
    expect((await rejection(createStyleSwap({ weights: WEIGHTS_DIR, maxInputPixels: 0 }))).message).toMatch(/maxInputPixels must be a positive integer, got 0/);
  });

  it('a phone JPEG with EXIF orientation 6 is decoded upright (rotated 90° clockwise)', async () => {
    // Stored 16×8: left half red, right half blue. Seen upright: 8×16, top half red, bottom half blue.
    const stored = { width: 16, height: 8, data: new Uint8Array(4 * 16 * 8) };
    for (let i = 0; i < 16 * 8; i++) stored.data.set(i % 16 < 8 ? [255, 0, 0, 255] : [0, 0, 255, 255], 4 * i);
    const path = join(scratch, 'phone.jpg');
    writeFileSync(path, jpegWithOrientation(stored, 6));
    const upright = await readImageFile(path);
    expect([upright.width, upright.height]).toEqual([8, 16]);
    const at = (x: number, y: number) => Array.from(upright.data.subarray(4 * (y * 8 + x), 4 * (y * 8 + x) + 3));
    expect(at(4, 2)[0]).toBeGreaterThan(200); // red on top
    expect(at(4, 13)[2]).toBeGreaterThan(200); // blue below
    writeFileSync(path, jpegWithOrientation(stored, 8)); // 90° counter-clockwise: blue on top
    const other = await readImageFile(path);
    expect(other.data[4 * (2 * 8 + 4) + 2]).toBeGreaterThan(200);
  });

  it('raw pixels of the wrong type are refused with code image, naming content or style', async () => {
    const bad: [unknown, RegExp][] = [
      [new Float32Array(4 * 16 * 16), /a Float32Array/],
      [new Uint16Array(4 * 16 * 16), /a Uint16Array/],
      [Array.from({ length: 4 * 16 * 16 }, () => 0), /an array/],
      [null, /got null/],
    ];
    for (const [data, named] of bad) {
      const error = await rejection(swap.stylize({ width: 16, height: 16, data } as never, STYLE));
      expect(error.code).toBe('image');
      expect(error.message).toMatch(/^content\.data must be a Uint8Array or Uint8ClampedArray/);
      expect(error.message).toMatch(named);
    }
    const asStyle = await rejection(swap.stylize(CONTENT, { width: 16, height: 16, data: new Float32Array(1024) } as never));
    expect(asStyle.message).toMatch(/^style\.data must be/);
    expect((await rejection(swap.stylize(null as never, STYLE))).message).toMatch(
      /^content must be an image file path \(PNG, JPEG, WebP, AVIF, HEIC, TIFF, GIF\), its bytes, .* got null/,
    );
    expect((await rejection(swap.encode({ width: '16', height: 16, data: new Uint8Array(1024) } as never))).message).toMatch(
      /image has size the string '16'×16/,
    );
  });

  it('truncated files say so in plain words', async () => {
    const png = readFileSync(resolve(FIXTURES, 'chelsea_64x48.png'));
    expect((await rejection(swap.encode(png.subarray(0, 20)))).message).toMatch(/is a truncated PNG: it ends before the image header/);
    expect((await rejection(swap.encode(png.subarray(0, png.length - 100)))).message).toMatch(/is a truncated PNG: the file ends before the image does/);
    const jpg = jpeg.encode({ width: 16, height: 16, data: Buffer.alloc(4 * 256, 128) }, 90).data;
    expect((await rejection(swap.encode(jpg.subarray(0, jpg.length - 40)))).message).toMatch(/is a truncated JPEG/);
  });
});

describe('alpha', () => {
  it("the output takes the content's alpha, scaled like the content; an opaque content gives an opaque output", async () => {
    const content = await readImageFile(CONTENT);
    const alpha = (x: number, y: number) => (x < 40 ? 0 : Math.min(255, 2 * x + y)); // transparent left, a ramp elsewhere
    const translucent = { ...content, data: Uint8Array.from(content.data) };
    for (let y = 0; y < content.height; y++) for (let x = 0; x < content.width; x++) translucent.data[4 * (y * content.width + x) + 3] = alpha(x, y);
    const full = await swap.stylize(translucent, STYLE, { maxStyleSize: 48 });
    for (let y = 0; y < full.height; y++) {
      for (let x = 0; x < full.width; x++) expect(full.data[4 * (y * full.width + x) + 3], `alpha at (${x}, ${y})`).toBe(alpha(x, y));
    }
    const half = await swap.stylize(translucent, STYLE, { maxContentSize: 64, maxStyleSize: 48 }); // 128×88 → 64×44
    const boxed = (x: number, y: number) => (alpha(2 * x, 2 * y) + alpha(2 * x + 1, 2 * y) + alpha(2 * x, 2 * y + 1) + alpha(2 * x + 1, 2 * y + 1)) / 4;
    for (const [x, y] of [
      [0, 0],
      [19, 5],
      [20, 5],
      [40, 30],
      [63, 43],
    ] as const) {
      expect(Math.abs(half.data[4 * (y * 64 + x) + 3]! - boxed(x, y)), `alpha at (${x}, ${y})`).toBeLessThanOrEqual(0.5);
    }
    const opaque = await swap.stylize(CONTENT, STYLE, SMALL);
    expect(opaque.data.filter((_, i) => i % 4 === 3).every((a) => a === 255)).toBe(true);
  });
});

describe('options', () => {
  it('unknown keys are refused with code option and the nearest known name, on every call', async () => {
    const cases: [Promise<unknown>, RegExp][] = [
      [swap.stylize(CONTENT, STYLE, { patchsize: 3 } as never), /unknown stylize option 'patchsize'; did you mean 'patchSize'\?/],
      [swap.stylize(CONTENT, STYLE, { stride: 1 } as never), /unknown stylize option 'stride'; did you mean 'patchStride'\?/],
      [swap.prepareStyle(STYLE, { maxstylesize: 64 } as never), /unknown prepareStyle option 'maxstylesize'; did you mean 'maxStyleSize'\?/],
      [swap.swap(null as never, null as never, { matchspace: 'vgg19' } as never), /unknown swap option 'matchspace'; did you mean 'matchSpace'\?/],
      [swap.encode(CONTENT, { singal: undefined } as never), /unknown encode option 'singal'; did you mean 'signal'\?/],
      [createStyleSwap({ wieghts: WEIGHTS_DIR } as never), /unknown createStyleSwap option 'wieghts'; did you mean 'weights'\?/],
      [createStyleSwap({ gpu: true } as never), /unknown createStyleSwap option 'gpu'; known options: device, weights, debug, maxInputPixels/],
      [styleSwap(CONTENT, STYLE, { patchSzie: 3 } as never), /unknown styleSwap option 'patchSzie'; did you mean 'patchSize'\?/],
    ];
    for (const [call, message] of cases) {
      const error = await rejection(call);
      expect(error.code).toBe('option');
      expect(error.message).toMatch(message);
    }
  });

  it('patchStride larger than patchSize is refused with the reason', async () => {
    const error = await rejection(swap.stylize(CONTENT, STYLE, { patchSize: 3, patchStride: 100 }));
    expect(error.code).toBe('option');
    expect(error.message).toMatch(/patchStride 100 is larger than patchSize 3: the patches would leave gaps of content that is never stylized/);
  });

  it('numeric strings are not numbers, and null options are not options', async () => {
    expect((await rejection(swap.stylize(CONTENT, STYLE, { patchSize: '3' } as never))).message).toMatch(/patchSize must be .*, got the string '3'/);
    expect((await rejection(swap.stylize(CONTENT, STYLE, { maxContentSize: '64' } as never))).message).toMatch(/got the string '64'/);
    expect((await rejection(swap.stylize(CONTENT, STYLE, null as never))).message).toMatch(/stylize options must be an object or undefined, got null/);
    expect((await rejection(swap.stylize(CONTENT, STYLE, { signal: 'stop' } as never))).message).toMatch(/signal must be an AbortSignal/);
  });

  it('createStyleSwap({ device: {} }) says what a device is', async () => {
    const error = await rejection(createStyleSwap({ device: {} as GPUDevice, weights: WEIGHTS_DIR }));
    expect(error.code).toBe('option');
    expect(error.message).toMatch(/device must be a GPUDevice \(from adapter\.requestDevice\(\)\), got a plain object/);
  });

  it('writeImageFile checks its image: short or long data, zero width, a wrong type', async () => {
    const out = join(scratch, 'out.png');
    const cases: [unknown, RegExp][] = [
      [{ width: 4, height: 4, data: new Uint8ClampedArray(10) }, /has 10 bytes; a 4×4 RGBA8 image has 64/],
      [{ width: 4, height: 4, data: new Uint8ClampedArray(100) }, /has 100 bytes/],
      [{ width: 0, height: 4, data: new Uint8ClampedArray(0) }, /has size 0×4/],
      [{ width: 2, height: 2, data: [1, 2, 3] }, /data must be a Uint8Array or Uint8ClampedArray/],
    ];
    for (const [image, message] of cases) {
      const error = await rejection(writeImageFile(out, image as never));
      expect(error.code).toBe('image');
      expect(error.message).toMatch(message);
    }
    await writeImageFile(out, { width: 2, height: 2, data: new Uint8ClampedArray(16).fill(200) });
    expect((await readImageFile(out)).width).toBe(2);
  });
});

describe('lifecycle', () => {
  it("a program's own device from nodeGpu(), with none of WebGPU's globals installed, works and shares one Dawn", async () => {
    const names = ['GPUBufferUsage', 'GPUTextureUsage', 'GPUMapMode', 'GPUShaderStage'] as const;
    const saved = names.map((name) => [name, (globalThis as Record<string, unknown>)[name]] as const);
    names.forEach((name) => delete (globalThis as Record<string, unknown>)[name]); // a program that never installed them
    try {
      const device = await (await nodeGpu().requestAdapter())!.requestDevice();
      const own = await createStyleSwap({ weights: WEIGHTS_DIR, device, tuning: swap.tuning });
      try {
        expect((await own.stylize(CONTENT, STYLE, SMALL)).width).toBe(48);
      } finally {
        own.destroy();
        device.destroy();
      }
      expect(nodeGpu()).toBe(nodeGpu()); // one instance, kept
    } finally {
      for (const [name, value] of saved) (globalThis as Record<string, unknown>)[name] = value;
    }
  });

  it('a PreparedStyle of another instance says so (not a lost device)', async () => {
    const other = await createStyleSwap({ weights: WEIGHTS_DIR });
    try {
      const foreign = await other.prepareStyle(STYLE, { maxStyleSize: 48 });
      const error = await rejection(swap.stylize(CONTENT, foreign, SMALL));
      expect(error.code).toBe('option');
      expect(error.message).toMatch(/this PreparedStyle belongs to another StyleSwap instance/);
    } finally {
      other.destroy();
    }
  });

  it('destroy() during a call fails that call with destroyed, not device-lost', async () => {
    const doomed = await createStyleSwap({ weights: WEIGHTS_DIR });
    const call = doomed.stylize(CONTENT, STYLE, { ...SMALL, onProgress: ({ stage }) => stage === 'encode style' && doomed.destroy() });
    const error = await rejection(call);
    expect(error.code).toBe('destroyed');
    expect(error.message).toMatch(/destroyed during stylize/);
  });

  it('StyleSwapError.is recognises errors by name and code', async () => {
    const error = await rejection(swap.stylize(CONTENT, STYLE, { patchSize: 2 }));
    expect(StyleSwapError.is(error)).toBe(true);
    expect(StyleSwapError.is(error, 'option')).toBe(true);
    expect(StyleSwapError.is(error, 'image')).toBe(false);
    expect(StyleSwapError.is(new Error('x'))).toBe(false);
    expect(StyleSwapError.is({ name: 'StyleSwapError', code: 'nonsense' })).toBe(false);
  });
});

describe('cancellation and progress', () => {
  it('reports each stage and each band of the match, in order', async () => {
    const events: Progress[] = [];
    await swap.stylize(CONTENT, STYLE, { ...SMALL, onProgress: (p) => events.push(p) });
    const stages = [...new Set(events.map((e) => e.stage))];
    expect(stages).toEqual(['encode style', 'encode content', 'match', 'average', 'decode']);
    const match = events.filter((e) => e.stage === 'match');
    expect(match.length).toBeGreaterThanOrEqual(2); // at least one band and the reduction
    expect(match.map((e) => e.done)).toEqual(match.map((_, i) => i + 1));
    for (const e of events) expect(e.total).toBe(events.filter((f) => f.stage === e.stage).length);
    const encodeEvents: Progress[] = [];
    await swap.encode(CONTENT, { onProgress: (p) => encodeEvents.push(p) });
    expect(encodeEvents).toEqual([{ stage: 'encode', done: 1, total: 1 }]);
  });

  it('an aborted signal rejects with aborted, before or during the call, and the instance stays usable', async () => {
    const before = new AbortController();
    before.abort();
    expect((await rejection(swap.stylize(CONTENT, STYLE, { ...SMALL, signal: before.signal }))).code).toBe('aborted');

    const during = new AbortController();
    const seen: string[] = [];
    const onProgress = ({ stage }: Progress) => {
      seen.push(stage);
      if (stage === 'encode content') during.abort();
    };
    const error = await rejection(swap.stylize(CONTENT, STYLE, { ...SMALL, signal: during.signal, onProgress }));
    expect(error.code).toBe('aborted');
    expect(seen).not.toContain('decode'); // it stopped at the next stage boundary

    // Queued behind another call: the abort rejects at once, not when its turn comes.
    const order: string[] = [];
    const first = swap.stylize(CONTENT, STYLE, SMALL).then(() => order.push('first done'));
    const queued = new AbortController();
    const second = swap.stylize(CONTENT, STYLE, { ...SMALL, signal: queued.signal }).catch((e: StyleSwapError) => order.push(`second ${e.code}`));
    queued.abort();
    await Promise.all([first, second]);
    expect(order).toEqual(['second aborted', 'first done']);

    const expected = await swap.stylize(CONTENT, STYLE, SMALL);
    const after = await swap.stylize(CONTENT, STYLE, { ...SMALL, signal: new AbortController().signal });
    expect(Buffer.compare(Buffer.from(after.data), Buffer.from(expected.data))).toBe(0);
  });
});
