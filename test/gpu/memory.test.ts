// Memory: 512² content with 512² style on a device with the WebGPU default buffer limits, with createBuffer
// instrumented: no buffer as large as the original's nc × ns score tensor (nc·ns·4 bytes) is ever allocated.
// Slow on a CPU adapter (about a minute): given the time it needs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStyleSwap } from '../../src/node/index';
import { benchImage } from '../../bench/images.mjs';
import { trackMemory } from '../../bench/memory.mjs';
import { WEIGHTS_DIR } from '../helpers/fixtures';
import { testDevice } from '../helpers/gpu';

const DEFAULT_LIMITS = { maxStorageBufferBindingSize: 128 << 20, maxBufferSize: 256 << 20 };

let device: GPUDevice;
beforeAll(async () => {
  device = await testDevice(DEFAULT_LIMITS);
});
afterAll(() => device?.destroy());

describe('memory', () => {
  it('512² × 512² runs under the default limits and never allocates an nc × ns buffer', { timeout: 600_000 }, async () => {
    const memory = trackMemory(device);
    const swap = await createStyleSwap({ device, weights: WEIGHTS_DIR });
    const result = await swap.stylize(benchImage('astronaut', 512), benchImage('gravel', 512), { maxContentSize: 512, maxStyleSize: 512 });
    swap.destroy();
    expect([result.width, result.height]).toEqual([512, 512]);
    const windows = (512 / 4 - 2) ** 2; // nc = ns = 126²
    const scoreTensorBytes = windows * windows * 4;
    console.log(`[memory] peak ${(memory.peak / 2 ** 20).toFixed(1)} MiB; largest buffer ${(memory.largest / 2 ** 20).toFixed(1)} MiB (${memory.largestLabel}); an nc×ns score tensor would be ${(scoreTensorBytes / 2 ** 20).toFixed(0)} MiB`);
    expect(memory.largest).toBeLessThan(scoreTensorBytes);
    expect(memory.largest).toBeLessThanOrEqual(DEFAULT_LIMITS.maxStorageBufferBindingSize);
    expect(memory.live).toBe(0); // destroy() freed everything
  });
});
