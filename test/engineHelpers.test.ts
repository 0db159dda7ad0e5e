// The engine helpers (webgpu-style-swap/three, /babylon) on stand-in objects: what they return when the engine's
// internals are where they were, and the error that names what is missing when they are not. The real engines are
// exercised in the browser tests (test/browser/examples.test.ts).
import { describe, expect, it } from 'vitest';
import { babylonDevice, babylonTexture } from '../src/babylon/index';
import { StyleSwapError } from '../src/errors';
import { threeDevice, threeTexture } from '../src/three/index';

const device = { createBuffer() {} } as unknown as GPUDevice;
const texture = { createView() {} } as unknown as GPUTexture;

function thrown(f: () => unknown): StyleSwapError {
  try {
    f();
  } catch (error) {
    if (StyleSwapError.is(error)) return error;
    throw error;
  }
  throw new Error('expected a StyleSwapError');
}

describe('three.js helper', () => {
  it('finds the device and a texture’s GPUTexture, creating the texture through the renderer first', () => {
    const made = new Map<object, { texture?: GPUTexture }>();
    const picture = {};
    const renderer = {
      backend: { isWebGPUBackend: true, device, get: (o: object) => made.get(o) ?? {} },
      initTexture: (o: object) => made.set(o, { texture }),
    };
    expect(threeDevice(renderer)).toBe(device);
    expect(threeTexture(renderer, picture)).toBe(texture);
  });

  it('names what is missing: not a renderer, the WebGL fallback, no device yet, moved internals, no texture made', () => {
    expect(thrown(() => threeDevice({})).message).toMatch(/not a three\.js WebGPURenderer \(it has no \.backend; tested with three r187\)/);
    expect(thrown(() => threeDevice({ backend: { isWebGLBackend: true } } as never))).toMatchObject({
      code: 'no-webgpu',
      message: expect.stringMatching(/fell back to WebGL/),
    });
    expect(thrown(() => threeDevice({ backend: { isWebGPUBackend: true, device: null } })).message).toMatch(
      /no device yet; call it after `await renderer\.init\(\)`/,
    );
    const moved = { backend: { isWebGPUBackend: true, device } };
    expect(thrown(() => threeTexture(moved, {})).message).toMatch(/renderer\.backend\.get or renderer\.initTexture is missing/);
    const empty = { backend: { isWebGPUBackend: true, device, get: () => ({}) }, initTexture() {} };
    expect(thrown(() => threeTexture(empty, {})).message).toMatch(
      /made no GPUTexture for this texture \(renderer\.backend\.get\(texture\)\.texture is missing/,
    );
    const wrong = { backend: { isWebGPUBackend: true, device, get: () => ({ texture: {} as GPUTexture }) }, initTexture() {} };
    expect(thrown(() => threeTexture(wrong, {})).message).toMatch(/is not a GPUTexture/);
  });
});

describe('Babylon.js helper', () => {
  it('finds the device and a texture’s GPUTexture', () => {
    expect(babylonDevice({ isWebGPU: true, _device: device })).toBe(device);
    expect(babylonTexture({ getInternalTexture: () => ({ _hardwareTexture: { underlyingResource: texture } }) })).toBe(texture);
  });

  it('names what is missing: not a WebGPUEngine, no device yet, not a texture, no internal texture, moved internals', () => {
    expect(thrown(() => babylonDevice({ isWebGPU: false })).message).toMatch(/not a Babylon\.js WebGPUEngine/);
    expect(thrown(() => babylonDevice({ isWebGPU: true })).message).toMatch(
      /engine\._device is missing; call it after `await engine\.initAsync\(\)` \(tested with @babylonjs\/core 9\.35\)/,
    );
    expect(thrown(() => babylonTexture({})).message).toMatch(/not a Babylon\.js texture/);
    expect(thrown(() => babylonTexture({ getInternalTexture: () => null })).message).toMatch(/no internal texture yet/);
    expect(thrown(() => babylonTexture({ getInternalTexture: () => ({ _hardwareTexture: null }) })).message).toMatch(/underlyingResource is not a GPUTexture/);
  });
});
