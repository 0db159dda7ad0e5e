// webgpu-style-swap/babylon: the two things a Babylon.js app needs to hand the library, found inside a
// WebGPUEngine. Tested with @babylonjs/core 9.35. These read engine internals (engine._device, a texture's
// hardware texture); when a Babylon.js release moves them, the functions throw a StyleSwapError that says what was
// not found, rather than return garbage.
import { StyleSwapError } from '../errors';

/** The parts of a Babylon.js WebGPUEngine these helpers read (typed structurally: no dependency on Babylon.js). */
export interface BabylonWebGpuEngine {
  readonly _device?: GPUDevice;
  readonly isWebGPU?: boolean;
}

/** A Babylon.js texture (RawTexture, RenderTargetTexture…): what `getInternalTexture()` leads to. */
export interface BabylonTexture {
  getInternalTexture?(): { readonly _hardwareTexture?: { readonly underlyingResource?: unknown } | null } | null;
}

const TESTED = 'tested with @babylonjs/core 9.35';

/** The GPUDevice a WebGPUEngine renders with: pass it as `createStyleSwap({ device })`. Call after `await engine.initAsync()`. */
export function babylonDevice(engine: BabylonWebGpuEngine): GPUDevice {
  if (engine?.isWebGPU !== true) throw new StyleSwapError('option', 'babylonDevice: this is not a Babylon.js WebGPUEngine (engine.isWebGPU is not true)');
  const device = engine._device;
  if (!device || typeof device.createBuffer !== 'function') {
    throw new StyleSwapError(
      'option',
      `babylonDevice: engine._device is ${device ? 'not a GPUDevice' : 'missing'}; call it after \`await engine.initAsync()\` (${TESTED})`,
    );
  }
  return device;
}

/**
 * The GPUTexture behind a Babylon.js texture, on the engine's device: a `target` to write the stylized image into
 * (e.g. a `RawTexture` of the output's size), or an input to read (a `RenderTargetTexture` holds a rendered frame).
 */
export function babylonTexture(texture: BabylonTexture): GPUTexture {
  if (typeof texture?.getInternalTexture !== 'function')
    throw new StyleSwapError('option', 'babylonTexture: this is not a Babylon.js texture (no getInternalTexture())');
  const internal = texture.getInternalTexture();
  if (!internal) throw new StyleSwapError('option', 'babylonTexture: the texture has no internal texture yet (not created, or disposed)');
  const resource = internal._hardwareTexture?.underlyingResource as GPUTexture | undefined;
  if (!resource || typeof resource.createView !== 'function') {
    throw new StyleSwapError('option', `babylonTexture: internalTexture._hardwareTexture.underlyingResource is not a GPUTexture (${TESTED})`);
  }
  return resource;
}
