import type { CreateStyleSwapOptions, StyleEntry, StyleSwap, StyleSwapOptions, StylizeResult, StylizeTargetResult } from '../api';
import { checkOptionKeys, OPTION_NAMES } from './validate';

/** Creates an instance, stylizes once, and frees the instance (the caller's device, if given, is left alone). */
export async function stylizeOnce<Image>(
  create: (options: CreateStyleSwapOptions) => Promise<StyleSwap<Image>>,
  content: Image,
  style: Image | readonly StyleEntry<Image>[],
  options?: StyleSwapOptions,
): Promise<StylizeResult | StylizeTargetResult> {
  checkOptionKeys(options, [...OPTION_NAMES.create, ...OPTION_NAMES.stylize], 'styleSwap');
  const { device, weights, debug, maxInputPixels, tuning, ...stylizeOptions } = options ?? {};
  const instance = await create({ device, weights, debug, maxInputPixels, tuning });
  try {
    return await instance.stylize(content, style, stylizeOptions);
  } finally {
    instance.destroy();
  }
}
