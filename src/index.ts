// webgpu-style-swap, browser-safe entry: nothing here imports a Node built-in.
import { browserPlatform, type BrowserImage } from './browser/platform';
import { createStyleSwapOn, type CreateStyleSwapOptions, type StyleSwap, type StylizeResult, type StylizeTargetResult } from './core/instance';
import { stylizeOnce, type StyleSwapOptions } from './core/oneShot';

export type { BrowserImage } from './browser/platform';
export type { CreateStyleSwapOptions, StyleSwap, StylizeIntoTargetOptions, StylizeResult, StylizeTargetResult } from './core/instance';
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
export function styleSwap(content: BrowserImage, style: BrowserImage, options: StyleSwapOptions & { target: GPUTexture }): Promise<StylizeTargetResult>;
export function styleSwap(content: BrowserImage, style: BrowserImage, options?: StyleSwapOptions): Promise<StylizeResult>;
export function styleSwap(content: BrowserImage, style: BrowserImage, options?: StyleSwapOptions): Promise<StylizeResult | StylizeTargetResult> {
  return stylizeOnce(createStyleSwap, content, style, options);
}
