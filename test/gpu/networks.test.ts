// Encoder and inverse net end to end on a real adapter, against test/fixtures; device ownership and loss.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStyleSwap, StyleSwapError, type NodeImage, type StyleSwap } from '../../src/node/index';
import { decodeCall } from '../../src/core/calls';
import { GpuState } from '../../src/core/gpuState';
import { nodePlatform } from '../../src/node/platform';
import { psnr, relativeL2 } from '../helpers/compare';
import { FIXTURES, readGolden, WEIGHTS_DIR } from '../helpers/fixtures';
import { readBuffer, testDevice } from '../helpers/gpu';
import { layoutToTensor } from '../../src/reference/image';
import { referenceEncoder } from '../../src/reference/networks';
import { modelWeights } from '../helpers/weights';

const CHELSEA = resolve(FIXTURES, 'chelsea_64x48.png');
const encoderGolden = readGolden('encoder_chelsea_64x48.safetensors');
const decoderGolden = readGolden('decoder_chelsea_64x48.safetensors');
const relu3_1 = encoderGolden.chw('relu3_1');
const goldenFeatures = { ...decoderGolden.chw('input') };

let swap: StyleSwap<NodeImage>;
beforeAll(async () => {
  swap = await createStyleSwap({ weights: WEIGHTS_DIR });
  console.log(`[gpu tests] adapter: ${swap.adapter}`);
});
afterAll(() => swap?.destroy());

describe('encoder', () => {
  it('relu3_1 of chelsea_64x48.png matches the golden features (rel. L2 < 1e-4)', async () => {
    const features = await swap.encode(CHELSEA);
    expect([features.channels, features.height, features.width]).toEqual([256, 12, 16]);
    const error = relativeL2(features.data, relu3_1.data);
    console.log(`[gpu tests] encoder relu3_1 rel. L2 error: ${error.toExponential(2)}`);
    expect(error).toBeLessThan(1e-4);
  });

  it('takes PNG bytes and RGBA pixels as well as a path, with the same result', async () => {
    const fromPath = await swap.encode(CHELSEA);
    const bytes = readFileSync(CHELSEA);
    const fromBytes = await swap.encode(new Uint8Array(bytes));
    expect(fromBytes.data).toEqual(fromPath.data);
  });

  it('sizes that are not multiples of 4 floor to ⌊H/4⌋ × ⌊W/4⌋ and match the CPU reference encoder', async () => {
    const data = new Uint8Array(4 * 15 * 10).map((_, i) => (i * 37) % 256);
    const features = await swap.encode({ width: 15, height: 10, data });
    expect([features.height, features.width]).toEqual([2, 3]);
    const layout = { source: { width: 15, height: 10 }, rowPixels: 15, scaled: { width: 15, height: 10 }, padded: { width: 15, height: 10 }, bgra: false };
    const input = layoutToTensor(new Uint32Array(data.buffer), layout);
    const expected = referenceEncoder((await modelWeights()).encoder, input).relu3_1!;
    expect([expected.height, expected.width]).toEqual([2, 3]);
    const error = relativeL2(features.data, expected.data);
    expect(error, 'relative L2 error against the CPU reference').toBeLessThan(1e-4);
  });
});

describe('inverse net', () => {
  it('dec_out matches the golden output (PSNR > 50 dB), and the RGBA8 image is its clamped rounding', async () => {
    // A state of our own on the instance's device, to read the unclamped RGB the decoder leaves in its scratch.
    const state = await GpuState.create(nodePlatform, swap.device, await modelWeights(), undefined, 'f32');
    const image = await decodeCall(state, goldenFeatures, { mode: 'fast', control: {} });
    const rgb = new Float32Array(await readBuffer(swap.device, state.arena.get('small'), 4 * 3 * 48 * 64));
    state.plans.destroyAll();
    state.arena.destroy();
    const expected = decoderGolden.chw('dec_out').data;
    const peak = Math.max(...expected) - Math.min(...expected);
    const db = psnr(rgb, expected, peak);
    console.log(`[gpu tests] decoder dec_out PSNR: ${db.toFixed(1)} dB`);
    expect(db).toBeGreaterThan(50);

    expect([image.width, image.height]).toEqual([64, 48]);
    const plane = 48 * 64;
    for (let i = 0; i < plane; i++) {
      for (let c = 0; c < 3; c++) {
        const want = Math.round(Math.min(Math.max(expected[c * plane + i]!, 0), 1) * 255);
        expect(Math.abs(image.data[4 * i + c]! - want), `pixel ${i} channel ${c}`).toBeLessThanOrEqual(1);
      }
      expect(image.data[4 * i + 3]).toBe(255);
    }
  });
});

describe('device ownership and loss', () => {
  it('a caller device is used and never destroyed; destroy() is idempotent', async () => {
    const device = await testDevice();
    const own = await createStyleSwap({ device, weights: WEIGHTS_DIR });
    expect(own.device).toBe(device);
    const features = await own.encode(CHELSEA);
    expect(relativeL2(features.data, relu3_1.data)).toBeLessThan(1e-4);
    own.destroy();
    own.destroy();
    // The device still works after the instance is gone.
    const buffer = device.createBuffer({ size: 16, usage: GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(buffer, 0, new Float32Array(4));
    await device.queue.onSubmittedWorkDone();
    await expect(own.encode(CHELSEA)).rejects.toThrow(/destroyed/);
    device.destroy();
  });

  it('a device lost mid-call fails that call with a clear error; the next call runs on a fresh device', async () => {
    const instance = await createStyleSwap({ weights: WEIGHTS_DIR });
    const style = resolve(FIXTURES, 'starry_96x64.png');
    const expected = await instance.stylize(CHELSEA, style);
    const first = instance.device;
    // Lost between two stages of the call, whatever the adapter's speed (a driver reset, a GPU process crash…).
    const loseDevice = ({ stage }: { stage: string }) => stage === 'encode content' && first.destroy();
    const error = await instance.stylize(CHELSEA, style, { onProgress: loseDevice }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(StyleSwapError);
    expect((error as StyleSwapError).code).toBe('device-lost');
    expect((error as Error).message).toMatch(/device was lost during stylize/);
    const again = await instance.stylize(CHELSEA, style);
    expect(instance.device).not.toBe(first);
    expect(Buffer.compare(Buffer.from(again.data), Buffer.from(expected.data))).toBe(0);
    instance.destroy();
  });
});
