// webgpu-style-swap for Node: WebGPU through Dawn (the `webgpu` package), images from PNG/JPEG files.
import type { CreateStyleSwapOptions, StyleEntry, StyleSwap, StyleSwapOptions, StylizeResult, StylizeTargetResult } from '../api';
import { createStyleSwapOn } from '../core/instance';
import { stylizeOnce } from '../core/oneShot';
import { nodePlatform, type NodeImage } from './platform';

export type * from '../api';
export { StyleSwapError, type StyleSwapErrorCode } from '../errors';
export type { NodeImage } from './platform';
export { readImageFile, writeImageFile } from './imageFiles';
export { defaultWeightsDir } from './weightsFiles';

/** Creates an instance on `options.device` or on a device of its own from Dawn's default adapter. */
export function createStyleSwap(options?: CreateStyleSwapOptions): Promise<StyleSwap<NodeImage>> {
  return createStyleSwapOn(nodePlatform, options);
}

/** Stylizes `content` with `style` in one call (for apps that stylize once; keep an instance for more). */
export function styleSwap(content: NodeImage, style: NodeImage | readonly StyleEntry<NodeImage>[], options: StyleSwapOptions & { target: GPUTexture }): Promise<StylizeTargetResult>;
export function styleSwap(content: NodeImage, style: NodeImage | readonly StyleEntry<NodeImage>[], options?: StyleSwapOptions): Promise<StylizeResult>;
export function styleSwap(content: NodeImage, style: NodeImage | readonly StyleEntry<NodeImage>[], options?: StyleSwapOptions): Promise<StylizeResult | StylizeTargetResult> {
  return stylizeOnce(createStyleSwap, content, style, options);
}
