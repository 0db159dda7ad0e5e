// Memory: with createBuffer instrumented, the swap never allocates anything like the original's nc × ns score tensor
// (on a device that would allow it), and photos far larger than one buffer may hold are taken in strips on a device
// with the WebGPU default limits. The 512² run is slow on a CPU adapter (about a minute): given the time it needs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStyleSwap } from '../../src/node/index';
import { benchImage } from '../../bench/images.mjs';
import { trackMemory } from '../../bench/memory.mjs';
import { FIXTURES, WEIGHTS_DIR } from '../helpers/fixtures';
import { testDevice } from '../helpers/gpu';
import { resolve } from 'node:path';

const DEFAULT_LIMITS = { maxStorageBufferBindingSize: 128 << 20, maxBufferSize: 256 << 20 };
const MIB = 2 ** 20;

describe('memory', () => {
  let device: GPUDevice;
  beforeAll(async () => {
    device = await testDevice('adapter maximum');
  });
  afterAll(() => device?.destroy());

  it('512² × 512²: the largest buffer is a small fraction of an nc × ns score tensor, on a device that would allow one', { timeout: 600_000 }, async () => {
    const windows = (512 / 4 - 2) ** 2; // nc = ns = 126²
    const scoreTensorBytes = windows * windows * 4;
    expect(device.limits.maxBufferSize, 'the device itself would allow a score tensor').toBeGreaterThan(scoreTensorBytes);
    const memory = trackMemory(device);
    const swap = await createStyleSwap({ device, weights: WEIGHTS_DIR });
    const result = await swap.stylize(benchImage('astronaut', 512), benchImage('gravel', 512), { maxContentSize: 512, maxStyleSize: 512 });
    swap.destroy();
    expect([result.width, result.height]).toEqual([512, 512]);
    console.log(
      `[memory] peak ${(memory.peak / MIB).toFixed(1)} MiB; largest buffer ${(memory.largest / MIB).toFixed(1)} MiB (${memory.largestLabel}); an nc×ns score tensor would be ${(scoreTensorBytes / MIB).toFixed(0)} MiB`,
    );
    expect(memory.largest).toBeLessThan(scoreTensorBytes / 8);
    expect(memory.peak).toBeLessThan(scoreTensorBytes / 4);
    expect(memory.live).toBe(0); // destroy() freed everything
  });
});

describe('large photos under the default limits', () => {
  let device: GPUDevice;
  beforeAll(async () => {
    device = await testDevice(DEFAULT_LIMITS);
  });
  afterAll(() => device?.destroy());

  it('a 6000×6000 content (144 MiB of pixels) with maxContentSize 64 is uploaded in strips and stylized', async () => {
    const side = 6000;
    const data = new Uint8Array(4 * side * side);
    for (let i = 0; i < side * side; i++) data.set([(i % side) & 255, (i / side) & 255, 128, 255], 4 * i);
    const memory = trackMemory(device);
    const swap = await createStyleSwap({ device, weights: WEIGHTS_DIR });
    try {
      const result = await swap.stylize({ width: side, height: side, data }, resolve(FIXTURES, 'starry_96x64.png'), { maxContentSize: 64 });
      expect([result.width, result.height]).toEqual([64, 64]);
      console.log(`[memory] 6000² content: largest buffer ${(memory.largest / MIB).toFixed(1)} MiB (${memory.largestLabel})`);
      expect(memory.largest).toBeLessThanOrEqual(16 * MIB); // a strip, never the whole image
      const style = await swap.prepareStyle({ width: side, height: side, data }, { maxStyleSize: 32 });
      expect([style.width, style.height]).toEqual([32, 32]);
      style.destroy();
    } finally {
      swap.destroy();
    }
  });
});
