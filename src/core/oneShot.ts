import type { CreateStyleSwapOptions, StyleSwap, StylizeResult, StylizeTargetResult } from './instance';
import type { StylizeOptions } from './options';

/** Options of the one-call API: those of createStyleSwap and of stylize together. */
export type StyleSwapOptions = CreateStyleSwapOptions & StylizeOptions;

/** Creates an instance, stylizes once, and frees the instance (the caller's device, if given, is left alone). */
export async function stylizeOnce<Image>(
  create: (options: CreateStyleSwapOptions) => Promise<StyleSwap<Image>>,
  content: Image,
  style: Image,
  options: StyleSwapOptions = {},
): Promise<StylizeResult | StylizeTargetResult> {
  const { device, weights, debug, ...stylizeOptions } = options;
  const instance = await create({ device, weights, debug });
  try {
    return await instance.stylize(content, style, stylizeOptions);
  } finally {
    instance.destroy();
  }
}
