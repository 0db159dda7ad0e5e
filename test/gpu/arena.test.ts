// The scratch arena: grows only, and a growth that fails leaves every slot as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScratchArena } from '../../src/gpu/arena';
import { testDevice } from '../helpers/gpu';

let device: GPUDevice;
beforeAll(async () => {
  device = await testDevice({ maxStorageBufferBindingSize: 128 << 20, maxBufferSize: 256 << 20 });
});
afterAll(() => device?.destroy());

describe('ScratchArena', () => {
  it('grows a slot only when asked for more, and reports it', () => {
    const arena = new ScratchArena(device);
    expect(arena.ensure({ large: 1024, small: 256 }, 'a test')).toBe(true);
    const large = arena.get('large');
    expect(arena.ensure({ large: 512, small: 256 }, 'a test')).toBe(false);
    expect(arena.get('large')).toBe(large);
    expect(arena.ensure({ large: 4096 }, 'a test')).toBe(true);
    expect(arena.get('large').size).toBe(4096);
    expect(arena.bytes).toBe(4096 + 256);
    arena.destroy();
    expect(() => arena.get('large')).toThrow(/used before ensure/);
  });

  it('a growth past the device limit throws and keeps the old buffers', () => {
    const arena = new ScratchArena(device);
    arena.ensure({ large: 1024, small: 1024 }, 'a test');
    const [large, small] = [arena.get('large'), arena.get('small')];
    expect(() => arena.ensure({ large: 2048, small: 512 << 20 }, 'a huge image')).toThrow(/scratch \(small\) for a huge image needs 512\.0 MiB/);
    expect(arena.get('large')).toBe(large);
    expect(arena.get('small')).toBe(small);
    expect(arena.bytes).toBe(2048);
    arena.destroy();
  });
});
