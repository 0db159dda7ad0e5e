// A stylize call read and checked before any GPU work: its options resolved, its images read, scaled and checked.
// The one-shot styleSwap() reads it before it even creates a device, so bad input is refused in milliseconds.
import type { MatchOptions, StyleInput, StylizeOptions } from '../api';
import type { RenderControls } from '../kernels/strength';
import type { ImageSource } from './imageSource';
import type { OptimizeSettings } from './optimizeCall';
import {
  maxContentSize,
  maxStyleSize,
  resolveOptimize,
  resolveRenderControls,
  resolveSwapOptions,
  resolveTiling,
  scaledSize,
  type ResolvedSwapOptions,
} from './options';
import { isPreparedStyle } from './preparedStyle';
import type { Platform } from './platform';
import { checkCallOptions, checkImageSize, checkMaskAspect, checkOptionKeys, checkPixelCount, OPTION_NAMES, styleEntries } from './validate';

/** Reads one image input to pixels (or a GPU source) and checks its size; `what` names it in errors. */
export type ImageReader<Image> = (image: Image, what: string) => Promise<ImageSource>;

/** The platform's reader, with the size checks every input gets: within the GPU's limits and `maxPixels`. */
export function checkedReader<Image>(platform: Platform<Image>, maxPixels: number): ImageReader<Image> {
  return async (image, what) => {
    const source = await platform.readImage(image, what, maxPixels);
    checkImageSize(source, what);
    checkPixelCount(source, maxPixels, what);
    return source;
  };
}

/** What a match needs, read and checked before any GPU work. */
export interface MatchInputs {
  readonly swap: ResolvedSwapOptions;
  readonly content: ImageSource;
  readonly scaled: { width: number; height: number };
  readonly styles: readonly {
    /** The style as given: a PreparedStyle when `source` is null. */
    readonly given: unknown;
    readonly source: { readonly image: ImageSource; readonly scaled: { width: number; height: number } } | null;
    readonly weight: number;
    readonly mask?: ImageSource;
  }[];
}

export interface StylizeRequest {
  readonly options: StylizeOptions;
  readonly controls: RenderControls;
  readonly tiling: ReturnType<typeof resolveTiling>;
  readonly optimize: OptimizeSettings | null;
  readonly inputs: MatchInputs;
}

/** Checks a stylize call's options and reads its images: everything stylize() can refuse without a GPU. */
export async function readStylizeRequest<Image>(
  read: ImageReader<Image>,
  content: Image,
  style: StyleInput<Image>,
  options: StylizeOptions | undefined,
): Promise<StylizeRequest> {
  checkOptionKeys(options, OPTION_NAMES.stylize, 'stylize');
  checkCallOptions(options);
  options ??= {};
  const controls = resolveRenderControls(options);
  const tiling = resolveTiling(options);
  const optimize = resolveOptimize(options);
  return { options, controls, tiling, optimize, inputs: await readMatchInputs(read, content, style, options) };
}

/**
 * The content read and scaled; each style read and scaled unless it is prepared, with its weight and its mask
 * (read, and checked to have the content's aspect ratio); the swap options.
 */
export async function readMatchInputs<Image>(read: ImageReader<Image>, content: Image, style: StyleInput<Image>, options: MatchOptions): Promise<MatchInputs> {
  const swap = resolveSwapOptions(options);
  const contentSource = await read(content, 'content');
  const scaled = scaledSize(contentSource.width, contentSource.height, maxContentSize(options));
  checkImageSize(scaled, 'content (after maxContentSize)');
  const entries = styleEntries<Image>(style);
  const styles: MatchInputs['styles'][number][] = [];
  for (const [i, entry] of entries.entries()) {
    const what = entries.length === 1 && entry.style === style ? 'style' : `style ${i + 1}`;
    const source = isPreparedStyle(entry.style) ? null : await read(entry.style as Image, what);
    const styleScaled = source && scaledSize(source.width, source.height, maxStyleSize(options));
    if (styleScaled) checkImageSize(styleScaled, `${what} (after maxStyleSize)`);
    const mask = entry.mask === undefined ? undefined : await read(entry.mask, `${what}'s mask`);
    if (mask) checkMaskAspect(mask, contentSource, `${what}'s mask`);
    styles.push({ given: entry.style, source: source && { image: source, scaled: styleScaled! }, weight: entry.weight, mask });
  }
  return { swap, content: contentSource, scaled, styles };
}
