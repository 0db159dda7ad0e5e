// webgpu-style-swap/three: the two things a three.js app needs to hand the library, found inside a
// WebGPURenderer. Tested with three r187. These read renderer internals (renderer.backend); when a three.js
// release moves them, the functions throw a StyleSwapError that says what was not found, rather than return garbage.
import { StyleSwapError } from '../errors';

/** The parts of a three.js WebGPURenderer these helpers read (typed structurally: no dependency on three). */
export interface ThreeWebGpuRenderer {
  readonly backend?: { readonly device?: GPUDevice | null; get?(object: object): { texture?: GPUTexture } | undefined; readonly isWebGPUBackend?: boolean };
  initTexture?(texture: object): void;
}

/** A three.js texture: a Texture, a DataTexture, a render target's `.texture`… */
export type ThreeTexture = object;

const TESTED = 'tested with three r187';

/** The GPUDevice a WebGPURenderer renders with: pass it as `createStyleSwap({ device })`. Call after `await renderer.init()`. */
export function threeDevice(renderer: ThreeWebGpuRenderer): GPUDevice {
  const backend = renderer?.backend;
  if (!backend) throw new StyleSwapError('option', `threeDevice: this is not a three.js WebGPURenderer (it has no .backend; ${TESTED})`);
  if (backend.isWebGPUBackend !== true) {
    throw new StyleSwapError('no-webgpu', 'threeDevice: the renderer fell back to WebGL (no WebGPU here), so there is no GPUDevice to share');
  }
  if (!backend.device) throw new StyleSwapError('option', 'threeDevice: the renderer has no device yet; call it after `await renderer.init()`');
  return backend.device;
}

/**
 * The GPUTexture behind a three.js texture, on the renderer's device: a `target` to write the stylized image into,
 * or an input to read (a render target's texture holds a rendered frame). Creates it if three has not yet. Write only
 * into a texture whose size three will not change, e.g. `new RenderTarget(width, height)`'s texture.
 */
export function threeTexture(renderer: ThreeWebGpuRenderer, texture: ThreeTexture): GPUTexture {
  const backend = renderer?.backend;
  threeDevice(renderer);
  if (typeof backend?.get !== 'function' || typeof renderer.initTexture !== 'function') {
    throw new StyleSwapError(
      'option',
      `threeTexture: renderer.backend.get or renderer.initTexture is missing; this three.js release keeps its textures elsewhere (${TESTED})`,
    );
  }
  renderer.initTexture(texture);
  const found = backend.get(texture)?.texture;
  if (!found || typeof found.createView !== 'function') {
    throw new StyleSwapError(
      'option',
      `threeTexture: three.js made no GPUTexture for this texture (renderer.backend.get(texture).texture is ${found === undefined ? 'missing' : 'not a GPUTexture'}; ${TESTED})`,
    );
  }
  return found;
}
