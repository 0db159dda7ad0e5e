// webgpu-style-swap for Node: WebGPU through Dawn (the `webgpu` package), images from PNG/JPEG files.
import { createStyleSwapOn, type CreateStyleSwapOptions, type StyleSwap } from '../core/instance';
import { nodePlatform, type NodeImage } from './platform';

export type { CreateStyleSwapOptions, StyleSwap } from '../core/instance';
export { StyleSwapError, type StyleSwapErrorCode } from '../errors';
export type { FeatureMap, ImageResult, RgbaImage, WeightBytes, WeightsSource } from '../types';
export type { NodeImage } from './platform';
export { readImageFile, writeImageFile } from './imageFiles';
export { defaultWeightsDir } from './weightsFiles';

/** Creates an instance on `options.device` or on a device of its own from Dawn's default adapter. */
export function createStyleSwap(options?: CreateStyleSwapOptions): Promise<StyleSwap<NodeImage>> {
  return createStyleSwapOn(nodePlatform, options);
}
