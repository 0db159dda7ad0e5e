// webgpu-style-swap, browser-safe entry: nothing here imports a Node built-in.
import type { CreateStyleSwapOptions, StyleEntry, StyleSwap, StyleSwapOptions, StylizeResult, StylizeTargetResult } from './api';
import { browserPlatform, type BrowserImage } from './browser/platform';
import { createStyleSwapOn } from './core/instance';
import { stylizeOnce } from './core/oneShot';

export type * from './api';
export type { BrowserImage } from './browser/platform';
export { StyleSwapError, type StyleSwapErrorCode } from './errors';

/** Creates an instance on `options.device` or on a device of its own from navigator.gpu. */
export function createStyleSwap(options?: CreateStyleSwapOptions): Promise<StyleSwap<BrowserImage>> {
  return createStyleSwapOn(browserPlatform, options);
}

/** Stylizes `content` with `style` in one call (for apps that stylize once; keep an instance for more). */
export function styleSwap(
  content: BrowserImage,
  style: BrowserImage | readonly StyleEntry<BrowserImage>[],
  options: StyleSwapOptions & { target: GPUTexture },
): Promise<StylizeTargetResult>;
export function styleSwap(content: BrowserImage, style: BrowserImage | readonly StyleEntry<BrowserImage>[], options?: StyleSwapOptions): Promise<StylizeResult>;
export function styleSwap(
  content: BrowserImage,
  style: BrowserImage | readonly StyleEntry<BrowserImage>[],
  options?: StyleSwapOptions,
): Promise<StylizeResult | StylizeTargetResult> {
  return stylizeOnce(browserPlatform, content, style, options);
}
