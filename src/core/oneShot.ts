import type { StyleEntry, StyleSwapOptions, StylizeResult, StylizeTargetResult } from '../api';
import { createStyleSwapOn } from './instance';
import { DEFAULT_MAX_INPUT_PIXELS } from './options';
import type { Platform } from './platform';
import { checkedReader, readStylizeRequest } from './stylizeRequest';
import { checkOptionKeys, OPTION_NAMES, positiveInteger } from './validate';

/**
 * Stylizes once on an instance made for it and freed after (the caller's device, if given, is left alone). The
 * options and images are read and checked first, so bad input is refused before a device exists or the tuner runs.
 */
export async function stylizeOnce<Image>(
  platform: Platform<Image>,
  content: Image,
  style: Image | readonly StyleEntry<Image>[],
  options?: StyleSwapOptions,
): Promise<StylizeResult | StylizeTargetResult> {
  checkOptionKeys(options, [...OPTION_NAMES.create, ...OPTION_NAMES.stylize], 'styleSwap');
  const { device, weights, debug, maxInputPixels, tuning, precision, ...stylizeOptions } = options ?? {};
  const limit = positiveInteger(maxInputPixels, 'maxInputPixels', DEFAULT_MAX_INPUT_PIXELS);
  const request = await readStylizeRequest(checkedReader(platform, limit), content, style, stylizeOptions);
  const instance = await createStyleSwapOn(platform, { device, weights, debug, maxInputPixels, tuning, precision, onProgress: stylizeOptions.onProgress });
  try {
    return await instance.stylizeRequest(request);
  } finally {
    instance.destroy();
  }
}
