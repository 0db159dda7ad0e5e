// Tiled stylize gives the untiled result. First each halo margin of model/tiling.ts, through the public encode, swap
// and decode on crops: a crop's interior equals the whole map's (and just outside the margin it does not, so the
// comparison would catch a margin too small). Then end to end with forced tiles, on a device with small bindings
// (tiled automatically), and the peak memory: flat in the content's size.
import { describe, expect } from 'vitest';
import { benchImage, sampleImage } from '../../bench/images.mjs';
import { trackMemory } from '../../bench/memory.mjs';
import type { ConvVariant, FeatureMap, MatchMode, TuningRecord } from '../../src/api';
import { DECODER_MARGIN, ENCODER_MARGIN, tileGrid } from '../../src/model/tiling';
import { createStyleSwap, type NodeImage } from '../../src/node/index';
import { psnr, relativeL2 } from '../helpers/compare';
import { WEIGHTS_DIR } from '../helpers/fixtures';
import { readTexture, testDevice, withReportedLimits } from '../helpers/gpu';
import { gpuIt } from '../helpers/gpuTest';
import { forced } from '../helpers/tuning';

const STYLE = 'examples/samples/gravel.png';
const MIB = 2 ** 20;

type Box = { x: number; y: number; width: number; height: number };

/** The box of a feature map (all channels). */
function cropFeatures(map: FeatureMap, box: Box): FeatureMap {
  const data = new Float32Array(map.channels * box.height * box.width);
  for (let c = 0; c < map.channels; c++) {
    for (let y = 0; y < box.height; y++) {
      const from = (c * map.height + box.y + y) * map.width + box.x;
      data.set(map.data.subarray(from, from + box.width), (c * box.height + y) * box.width);
    }
  }
  return { channels: map.channels, height: box.height, width: box.width, data };
}

/** The box of an RGBA8 image. */
function cropPixels(image: { width: number; data: ArrayLike<number> }, box: Box): Uint8Array {
  const out = new Uint8Array(4 * box.width * box.height);
  for (let y = 0; y < box.height; y++)
    for (let x = 0; x < 4 * box.width; x++) out[4 * y * box.width + x] = image.data[4 * ((box.y + y) * image.width + box.x) + x]!;
  return out;
}

const inset = (box: Box, by: number): Box => ({ x: box.x + by, y: box.y + by, width: box.width - 2 * by, height: box.height - 2 * by });
const local = (box: Box, by: number): Box => ({ x: by, y: by, width: box.width - 2 * by, height: box.height - 2 * by });

describe('tiling margins: a crop computes its interior exactly', () => {
  gpuIt(`encoder: relu3_1 of a crop equals the whole image's, ${ENCODER_MARGIN} feature pixels in from its cut edges`, async ({ device }) => {
    const swap = await createStyleSwap({ device, weights: WEIGHTS_DIR });
    const image = sampleImage('coffee', 200, 148);
    const whole = await swap.encode(image);
    const box = { x: 9, y: 7, width: 22, height: 19 }; // in feature pixels, well inside the image
    const pixels = {
      width: 4 * box.width,
      height: 4 * box.height,
      data: cropPixels(image, { x: 4 * box.x, y: 4 * box.y, width: 4 * box.width, height: 4 * box.height }),
    };
    const crop = await swap.encode(pixels);
    const error = relativeL2(cropFeatures(crop, local(box, ENCODER_MARGIN)).data, cropFeatures(whole, inset(box, ENCODER_MARGIN)).data);
    expect(error).toBeLessThan(1e-5);
    const wider = relativeL2(cropFeatures(crop, local(box, ENCODER_MARGIN - 1)).data, cropFeatures(whole, inset(box, ENCODER_MARGIN - 1)).data);
    expect(wider, 'one pixel nearer the cut, the crop differs').toBeGreaterThan(1e-3);
    swap.destroy();
  });

  for (const [patchSize, stride] of [
    [3, 1],
    [5, 2],
  ] as const) {
    gpuIt(
      `swap (${patchSize}×${patchSize}, stride ${stride}): a crop on the stride grid swaps its interior like the whole, ${patchSize - 1} in`,
      async ({ device }) => {
        const swap = await createStyleSwap({ device, weights: WEIGHTS_DIR });
        const content = await swap.encode(sampleImage('coffee', 160, 120));
        const style = await swap.encode(sampleImage('gravel', 96, 96));
        const options = { patchSize, patchStride: stride };
        const whole = (await swap.swap(content, style, options)).features;
        const box = { x: 4 * stride, y: 2 * stride, width: 23, height: 21 };
        const crop = (await swap.swap(cropFeatures(content, box), style, options)).features;
        const m = patchSize - 1;
        expect(relativeL2(cropFeatures(crop, local(box, m)).data, cropFeatures(whole, inset(box, m)).data)).toBeLessThan(1e-5);
        // A window nearer the cut than k − 1 is missing from the crop once the stride grid reaches it.
        expect(
          relativeL2(cropFeatures(crop, local(box, m - stride)).data, cropFeatures(whole, inset(box, m - stride)).data),
          'nearer the cut, it differs',
        ).toBeGreaterThan(1e-3);
        swap.destroy();
      },
    );
  }

  gpuIt(`decoder: the image of a crop of features equals the whole's, ${DECODER_MARGIN} feature pixels in`, async ({ device }) => {
    const swap = await createStyleSwap({ device, weights: WEIGHTS_DIR });
    const features = await swap.encode(sampleImage('chelsea', 160, 120));
    const whole = await swap.decode(features);
    const box = { x: 6, y: 5, width: 17, height: 15 };
    const crop = await swap.decode(cropFeatures(features, box));
    const px = (b: Box): Box => ({ x: 4 * b.x, y: 4 * b.y, width: 4 * b.width, height: 4 * b.height });
    const inner = [cropPixels(crop, px(local(box, DECODER_MARGIN))), cropPixels(whole, px(inset(box, DECODER_MARGIN)))];
    expect(psnr(inner[0]!, inner[1]!, 255)).toBeGreaterThan(60);
    const ring = [cropPixels(crop, px(local(box, DECODER_MARGIN - 2))), cropPixels(whole, px(inset(box, DECODER_MARGIN - 2)))];
    expect(psnr(ring[0]!, ring[1]!, 255), 'nearer the cut, it differs').toBeLessThan(60);
    swap.destroy();
  });
});

/** The worst pixel difference along the rows and columns where tiles meet (every `tile` pixels). */
function seamDifference(a: ArrayLike<number>, b: ArrayLike<number>, width: number, height: number, tile: number): number {
  let worst = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const nearSeam = [x % tile, y % tile].some((r) => r === 0 || r === tile - 1);
      if (!nearSeam) continue;
      for (let c = 0; c < 4; c++) worst = Math.max(worst, Math.abs(a[4 * (y * width + x) + c]! - b[4 * (y * width + x) + c]!));
    }
  }
  return worst;
}

/** A tuning record for this device with every conv forced to `variant`. */
async function forcedConvs(device: GPUDevice, variant: ConvVariant): Promise<TuningRecord> {
  const untuned = await createStyleSwap({ device, weights: WEIGHTS_DIR, tuning: 'off' });
  const record = forced(untuned.tuning, variant);
  untuned.destroy();
  return record;
}

describe('tiled stylize equals untiled', () => {
  const cases = [
    { size: [200, 150], patchSize: 3, stride: 1 },
    { size: [200, 150], patchSize: 3, stride: 1, match: 'approximate' },
    { size: [200, 150], patchSize: 3, stride: 2 },
    { size: [200, 150], patchSize: 5, stride: 1 },
    { size: [200, 150], patchSize: 5, stride: 2 },
    { size: [333, 257], patchSize: 3, stride: 1 },
    { size: [333, 257], patchSize: 5, stride: 2 },
    // Every conv forced to each Winograd (the tuner may keep either or neither here), whose output tiles must fall
    // where they fall untiled; stride 3 puts the crops on a grid of 12 feature pixels.
    { size: [200, 150], patchSize: 3, stride: 1, conv: 'winograd' },
    { size: [200, 150], patchSize: 3, stride: 3, conv: 'winograd4' },
  ] as const;
  for (const c of cases) {
    const {
      size: [width, height],
      patchSize,
      stride,
    } = c;
    const match: MatchMode = 'match' in c ? c.match : 'exact';
    const conv = 'conv' in c ? `every conv ${c.conv}` : 'whichever conv variants run';
    gpuIt(
      `${width}×${height}, tileSize 64, patch ${patchSize} stride ${stride}, ${match} match: the untiled bytes (PSNR ∞), ${conv}`,
      { timeout: 300_000 },
      async ({ device }) => {
        const tuning = 'conv' in c ? await forcedConvs(device, c.conv) : 'measure';
        const swap = await createStyleSwap({ device, weights: WEIGHTS_DIR, tuning });
        if ('conv' in c) expect(Object.values(swap.tuning.convs).every((choice) => choice.variant === c.conv)).toBe(true);
        const content: NodeImage = sampleImage('coffee', width, height);
        const options = { maxContentSize: Infinity, maxStyleSize: 64, patchSize, patchStride: stride, match };
        const untiled = await swap.stylize(content, STYLE, options);
        const tiles: number[] = [];
        const tiled = await swap.stylize(content, STYLE, { ...options, tileSize: 64, onProgress: (p) => p.stage === 'tile' && tiles.push(p.done) });
        expect([tiled.width, tiled.height]).toEqual([width, height]);
        const grid = tileGrid({ height: Math.ceil(height / 4), width: Math.ceil(width / 4) }, 16, patchSize, stride);
        expect(tiles.length, 'progress counts the tiles').toBe(grid.tiles.length);
        expect(tiles.length, 'more than one tile').toBeGreaterThan(1);
        const db = psnr(tiled.data, untiled.data, 255);
        console.log(`[tiling] ${width}×${height} patch ${patchSize}/${stride}: ${tiles.length} tiles, PSNR ${db.toFixed(1)} dB`);
        expect(db).toBe(Infinity);
        expect(seamDifference(tiled.data, untiled.data, width, height, 64)).toBe(0);
        swap.destroy();
      },
    );
  }

  for (const match of ['exact', 'approximate'] as const) {
    gpuIt(`a mix of two styles, the second masked, in tiles, ${match} match: the same pixels as in one pass`, { timeout: 300_000 }, async ({ device }) => {
      const swap = await createStyleSwap({ device, weights: WEIGHTS_DIR });
      const content = sampleImage('chelsea', 180, 120);
      const mask = { width: 180, height: 120, data: new Uint8Array(4 * 180 * 120).map((_, i) => (i % 4 === 3 ? 255 : ((i >> 2) % 180) * 1.4)) }; // a left-to-right ramp
      const styles = [{ style: STYLE }, { style: 'examples/samples/brick.png', weight: 2, mask }];
      const options = { maxContentSize: Infinity, maxStyleSize: 64, match };
      const untiled = await swap.stylize(content, styles, options);
      const tiles: number[] = [];
      const tiled = await swap.stylize(content, styles, { ...options, tileSize: 64, onProgress: (p) => p.stage === 'tile' && tiles.push(p.done) });
      expect(tiles).toHaveLength(3); // 45 × 30 features: cores of 16 across; a crop of 16 + 2 × 8 spans the height
      expect(psnr(tiled.data, untiled.data, 255)).toBe(Infinity);
      swap.destroy();
    });
  }

  gpuIt('memoryBudget: a content over it is tiled automatically, and the call allocates no more than it', { timeout: 300_000 }, async ({ device }) => {
    const memory = trackMemory(device);
    const swap = await createStyleSwap({ device, weights: WEIGHTS_DIR });
    const content = sampleImage('coffee', 200, 150);
    const tiles: number[] = [];
    // What the instance holds from the start (weights, and where the tuner chose Winograd its filters and scratch),
    // and room for a style and a few tiles.
    const budget = Math.ceil((await swap.allocatedBytes()) / MIB) * MIB + 57 * MIB;
    const tiled = await swap.stylize(content, STYLE, { maxStyleSize: 64, memoryBudget: budget, onProgress: (p) => p.stage === 'tile' && tiles.push(p.done) });
    expect(tiles.length).toBeGreaterThan(1);
    console.log(
      `[tiling] 200×150 with memoryBudget ${budget / MIB} MiB: ${tiles.length} tiles, peak ${(memory.peak / MIB).toFixed(1)} MiB (weights and style included)`,
    );
    expect(memory.peak).toBeLessThanOrEqual(budget);
    const untiled = await swap.stylize(content, STYLE, { maxStyleSize: 64 });
    expect(psnr(tiled.data, untiled.data, 255)).toBeGreaterThanOrEqual(60);
    swap.destroy();
  });

  gpuIt('into a target texture, tile by tile: the same pixels as read back', { timeout: 300_000 }, async ({ device }) => {
    const swap = await createStyleSwap({ device, weights: WEIGHTS_DIR });
    const content = sampleImage('chelsea', 150, 101);
    const options = { maxContentSize: Infinity, maxStyleSize: 64, tileSize: 64 };
    const expected = await swap.stylize(content, STYLE, options);
    const target = device.createTexture({ size: [150, 101], format: 'bgra8unorm', usage: GPUTextureUsage.COPY_DST | GPUTextureUsage.COPY_SRC });
    expect(await swap.stylize(content, STYLE, { ...options, target })).toEqual({ width: 150, height: 101, timings: undefined });
    const bgra = await readTexture(device, target);
    const pixels = bgra.map((_, i) => bgra[i % 4 === 3 ? i : i + 2 - 2 * (i % 4)]!); // BGRA → RGBA
    expect(psnr(pixels, expected.data, 255)).toBe(Infinity);
    swap.destroy();
  });

  gpuIt('an abort stops between tiles; bad tiling options are refused by name', { timeout: 300_000 }, async ({ device }) => {
    const swap = await createStyleSwap({ device, weights: WEIGHTS_DIR });
    const content = sampleImage('chelsea', 200, 133);
    const controller = new AbortController();
    const done: number[] = [];
    const call = swap.stylize(content, STYLE, {
      maxStyleSize: 64,
      tileSize: 64,
      signal: controller.signal,
      onProgress: (p) => p.stage === 'tile' && (done.push(p.done), controller.abort()),
    });
    await expect(call).rejects.toMatchObject({ code: 'aborted' });
    expect(done).toEqual([1]);
    await expect(swap.stylize(content, STYLE, { tileSize: 0 })).rejects.toThrow(/tileSize must be a positive integer, got 0/);
    await expect(swap.stylize(content, STYLE, { memoryBudget: -1 })).rejects.toThrow(/memoryBudget must be a positive integer/);
    await expect(swap.stylize(content, STYLE, { memoryBudget: 40 << 20 })).rejects.toThrow(/memoryBudget 40\.0 MiB leaves no room for even the smallest tile/);
    await expect(swap.stylize(content, STYLE, { maxContentSize: -Infinity })).rejects.toThrow(/maxContentSize must be a positive integer/);
    // An output wider than any texture may be: pixels yes, a target no (said before any GPU work).
    const wide = { width: device.limits.maxTextureDimension2D + 4, height: 4, data: new Uint8Array(4 * (device.limits.maxTextureDimension2D + 4) * 4) };
    const target = device.createTexture({ size: [16, 16], format: 'rgba8unorm', usage: GPUTextureUsage.COPY_DST });
    await expect(swap.stylize(wide, STYLE, { maxContentSize: Infinity, target })).rejects.toMatchObject({
      code: 'too-large',
      message: expect.stringMatching(
        /larger than this device's textures may be \(maxTextureDimension2D \d+\): leave out target to get the pixels, or lower maxContentSize/,
      ),
    });
    expect((await swap.stylize(content, STYLE, { maxStyleSize: 64 })).width).toBe(200); // still usable
    swap.destroy();
  });
});

describe('tiles on a device with 8 MiB bindings', () => {
  gpuIt(
    'a 512² content is tiled automatically and equals the untiled result; peak memory is flat from 256² to 512²',
    { timeout: 900_000 },
    async ({ device }) => {
      const small = withReportedLimits(await testDevice(), { maxStorageBufferBindingSize: 8 * MIB });
      small.pushErrorScope('validation');
      const options = { maxContentSize: Infinity, maxStyleSize: 64 };
      const peaks: number[] = [];
      let result512: Uint8ClampedArray | undefined;
      for (const side of [256, 384, 512]) {
        const memory = trackMemory(small); // a fresh instance per size: the peak counts everything it allocates
        const swap = await createStyleSwap({ device: small, weights: WEIGHTS_DIR });
        const tiles: number[] = [];
        const result = await swap.stylize(benchImage('astronaut', side), STYLE, { ...options, onProgress: (p) => p.stage === 'tile' && tiles.push(p.done) });
        swap.destroy();
        expect(tiles.length, `${side}²: tiled`).toBeGreaterThan(1);
        expect(memory.largest).toBeLessThanOrEqual(8 * MIB);
        peaks.push(memory.peak);
        console.log(
          `[tiling] ${side}² on 8 MiB bindings: ${tiles.length} tiles, peak ${(memory.peak / MIB).toFixed(1)} MiB, largest buffer ${(memory.largest / MIB).toFixed(1)} MiB (${memory.largestLabel})`,
        );
        result512 = result.data;
      }
      expect(Math.max(...peaks) / Math.min(...peaks), 'peak memory does not grow with the content').toBeLessThan(1.1);
      // The style is not tiled: one too large for a binding is refused, naming the option that fixes it.
      const swap = await createStyleSwap({ device: small, weights: WEIGHTS_DIR });
      const error = await swap.prepareStyle(benchImage('gravel', 512), { maxStyleSize: 512 }).catch((e: unknown) => e);
      expect(error).toMatchObject({
        code: 'too-large',
        message: expect.stringMatching(
          /a 512×512 style needs 64\.0 MiB of scratch to encode, more than this device allows in one buffer \(8\.0 MiB\): lower maxStyleSize to 181 or less/,
        ),
      });
      swap.destroy();
      expect(await small.popErrorScope()).toBeNull();
      small.destroy();
      const untiled = await createStyleSwap({ device, weights: WEIGHTS_DIR });
      const expected = await untiled.stylize(benchImage('astronaut', 512), STYLE, options);
      expect(psnr(result512!, expected.data, 255)).toBeGreaterThanOrEqual(60);
      untiled.destroy();
    },
  );
});
