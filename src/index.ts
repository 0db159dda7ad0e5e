// webgpu-style-swap, browser-safe entry: nothing here imports a Node built-in.
import { browserPlatform, type BrowserImage } from './browser/platform';
import { createStyleSwapOn, type CreateStyleSwapOptions, type StyleSwap } from './core/instance';

export type { BrowserImage } from './browser/platform';
export type { CreateStyleSwapOptions, StyleSwap } from './core/instance';
export { StyleSwapError, type StyleSwapErrorCode } from './errors';
export type { FeatureMap, ImageResult, RgbaImage, WeightBytes, WeightsSource } from './types';

/** Creates an instance on `options.device` or on a device of its own from navigator.gpu. */
export function createStyleSwap(options?: CreateStyleSwapOptions): Promise<StyleSwap<BrowserImage>> {
  return createStyleSwapOn(browserPlatform, options);
}
