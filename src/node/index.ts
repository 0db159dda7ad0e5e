// webgpu-style-swap for Node: WebGPU through Dawn (the `webgpu` package), images from files (PNG, JPEG, WebP, AVIF, HEIC, TIFF, GIF).
import type { CreateStyleSwapOptions, StyleEntry, StyleSwap, StyleSwapOptions, StylizeResult, StylizeTargetResult } from '../api';
import { createStyleSwapOn } from '../core/instance';
import { stylizeOnce } from '../core/oneShot';
import { installGlobals } from './dawn';
import { nodePlatform, type NodeImage } from './platform';

export type * from '../api';
export { StyleSwapError, type StyleSwapErrorCode } from '../errors';
export type { NodeImage } from './platform';
export { readImageFile, writeImageFile } from './imageFiles';
export { defaultWeightsDir } from './weightsFiles';
export { tuningCacheDir } from './tuningStore';
/** The process's WebGPU (Dawn) instance: request your own devices from it, never from a second `create()`. */
export { nodeGpu } from './dawn';

/** Creates an instance on `options.device` or on a device of its own from Dawn's default adapter. */
export function createStyleSwap(options?: CreateStyleSwapOptions): Promise<StyleSwap<NodeImage>> {
  installGlobals(); // also for a caller's own Dawn device: the library's code names GPUBufferUsage and the like
  return createStyleSwapOn(nodePlatform, options);
}

/** Stylizes `content` with `style` in one call (for apps that stylize once; keep an instance for more). */
export function styleSwap(
  content: NodeImage,
  style: NodeImage | readonly StyleEntry<NodeImage>[],
  options: StyleSwapOptions & { target: GPUTexture },
): Promise<StylizeTargetResult>;
export function styleSwap(content: NodeImage, style: NodeImage | readonly StyleEntry<NodeImage>[], options?: StyleSwapOptions): Promise<StylizeResult>;
export function styleSwap(
  content: NodeImage,
  style: NodeImage | readonly StyleEntry<NodeImage>[],
  options?: StyleSwapOptions,
): Promise<StylizeResult | StylizeTargetResult> {
  installGlobals();
  return stylizeOnce(nodePlatform, content, style, options);
}
