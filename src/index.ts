// webgpu-style-swap, browser-safe entry: nothing here imports a Node built-in.
import { browserPlatform, type BrowserImage } from './browser/platform';
import { createStyleSwapOn, type CreateStyleSwapOptions, type StyleSwap, type StylizeResult } from './core/instance';
import { stylizeOnce, type StyleSwapOptions } from './core/oneShot';

export type { BrowserImage } from './browser/platform';
export type { CreateStyleSwapOptions, StyleSwap, StylizeResult } from './core/instance';
export type { StyleSwapOptions } from './core/oneShot';
export type { MatchSpace, StyleSizeOptions, StylizeOptions, SwapOptions } from './core/options';
export type { PreparedStyle } from './core/preparedStyle';
export { StyleSwapError, type StyleSwapErrorCode } from './errors';
export type { FeatureMap, ImageResult, RgbaImage, WeightBytes, WeightsSource } from './types';

/** Creates an instance on `options.device` or on a device of its own from navigator.gpu. */
export function createStyleSwap(options?: CreateStyleSwapOptions): Promise<StyleSwap<BrowserImage>> {
  return createStyleSwapOn(browserPlatform, options);
}

/** Stylizes `content` with `style` in one call (for apps that stylize once; keep an instance for more). */
export function styleSwap(content: BrowserImage, style: BrowserImage, options?: StyleSwapOptions): Promise<StylizeResult> {
  return stylizeOnce(createStyleSwap, content, style, options);
}
