import type { MatchMode, MatchSpace, OptimizeOptions, RenderOptions, StyleSizeOptions, StylizeOptions, SwapOptions } from '../api';
import { StyleSwapError } from '../errors';
import type { RenderControls } from '../kernels/strength';
import type { OptimizeSettings } from './optimizeCall';
import { checkOptionKeys, describeValue, OPTION_NAMES, positiveInteger } from './validate';

export interface ResolvedSwapOptions {
  readonly patchSize: number;
  readonly patchStride: number;
  readonly matchSpace: MatchSpace;
  readonly match: MatchMode;
}

/** What a plan or a style's match inputs depend on among the swap options, as a cache key. */
export const swapOptionsKey = (o: ResolvedSwapOptions) => `${o.patchSize}/${o.patchStride}/${o.matchSpace}/${o.match}`;

export function resolveSwapOptions(options: SwapOptions = {}): ResolvedSwapOptions {
  const patchSize = options.patchSize ?? 3;
  if (typeof patchSize !== 'number' || !Number.isInteger(patchSize) || patchSize < 1 || patchSize % 2 === 0) {
    throw new StyleSwapError('option', `patchSize must be an odd positive integer (1, 3, 5, …), got ${describeValue(patchSize)}`);
  }
  const patchStride = positiveInteger(options.patchStride, 'patchStride', 1);
  if (patchStride > patchSize) {
    throw new StyleSwapError(
      'option',
      `patchStride ${patchStride} is larger than patchSize ${patchSize}: the patches would leave gaps of content that is never stylized; use a stride of at most ${patchSize}`,
    );
  }
  const matchSpace = options.matchSpace ?? 'vgg19';
  if (matchSpace !== 'vgg19' && matchSpace !== 'normalized') {
    throw new StyleSwapError('option', `matchSpace must be 'vgg19' or 'normalized', got ${describeValue(matchSpace)}`);
  }
  const match = options.match ?? 'exact';
  if (match !== 'exact' && match !== 'approximate') {
    throw new StyleSwapError('option', `match must be 'exact' or 'approximate', got ${describeValue(match)}`);
  }
  return { patchSize, patchStride, matchSpace, match };
}

/** maxContentSize, checked: a positive integer, or Infinity for full resolution. */
export const maxContentSize = (options: StylizeOptions): number =>
  options.maxContentSize === Infinity ? Infinity : positiveInteger(options.maxContentSize, 'maxContentSize', 640);

/** The default `memoryBudget`: 256 MiB, the WebGPU default maxBufferSize. */
export const DEFAULT_MEMORY_BUDGET = 256 << 20;

/** The tiling options of stylize, checked: the budget (default 256 MiB) and a forced tile size, if any. */
export function resolveTiling(options: StylizeOptions): { memoryBudget: number; tileSize?: number } {
  const memoryBudget = positiveInteger(options.memoryBudget, 'memoryBudget', DEFAULT_MEMORY_BUDGET);
  const tileSize = options.tileSize === undefined ? undefined : positiveInteger(options.tileSize, 'tileSize', 0);
  return { memoryBudget, tileSize };
}

export const maxStyleSize = (options: StyleSizeOptions): number => positiveInteger(options.maxStyleSize, 'maxStyleSize', 512);

/** Strength and colour preservation, checked, with their defaults (1 and off). */
export function resolveRenderControls(options: RenderOptions): RenderControls {
  const strength = options.strength ?? 1;
  if (typeof strength !== 'number' || !(strength >= 0 && strength <= 1)) {
    throw new StyleSwapError('option', `strength must be a number from 0 to 1, got ${describeValue(strength)}`);
  }
  const preserveColor = options.preserveColor ?? false;
  if (typeof preserveColor !== 'boolean') throw new StyleSwapError('option', `preserveColor must be true or false, got ${describeValue(preserveColor)}`);
  return { strength, preserveColor };
}

/** The default of `maxInputPixels`: 100 MP. */
export const DEFAULT_MAX_INPUT_PIXELS = 100_000_000;

/** The size an image is encoded at: scaled down (aspect kept) so neither side exceeds `limit`. */
export function scaledSize(width: number, height: number, limit: number) {
  const longest = Math.max(width, height);
  if (longest <= limit) return { width, height };
  const scale = limit / longest;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** The encoder input for a stylized image: padded by reflection up to a multiple of 4 (cropped off at the end). */
export function paddedSize(size: { width: number; height: number }) {
  return { width: Math.ceil(size.width / 4) * 4, height: Math.ceil(size.height / 4) * 4 };
}

/** The optimisation's settings, checked, with their defaults (null: no optimisation). */
export function resolveOptimize(options: StylizeOptions): OptimizeSettings | null {
  const given = options.optimize;
  if (given === undefined || given === false) return null;
  if (given !== true && (typeof given !== 'object' || given === null))
    throw new StyleSwapError('option', `optimize must be true, false or an object of settings, got ${describeValue(given)}`);
  const o: OptimizeOptions = given === true ? {} : given;
  checkOptionKeys(o, OPTION_NAMES.optimize, 'optimize');
  const positive = (value: unknown, name: string, fallback: number) => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value))
      throw new StyleSwapError('option', `optimize.${name} must be a positive number, got ${describeValue(value)}`);
    return value;
  };
  const tvWeight = o.tvWeight ?? 200;
  if (typeof tvWeight !== 'number' || !(tvWeight >= 0) || !Number.isFinite(tvWeight))
    throw new StyleSwapError('option', `optimize.tvWeight must be a number ≥ 0, got ${describeValue(tvWeight)}`);
  const init = o.init ?? 'decoder';
  if (init !== 'decoder' && init !== 'content' && init !== 'noise')
    throw new StyleSwapError('option', `optimize.init must be 'decoder', 'content' or 'noise', got ${describeValue(init)}`);
  const iterations = positiveInteger(o.iterations, 'optimize.iterations', 100);
  const seed = o.seed ?? 1;
  if (!Number.isInteger(seed)) throw new StyleSwapError('option', `optimize.seed must be an integer, got ${describeValue(seed)}`);
  return { iterations, learningRate: positive(o.learningRate, 'learningRate', 0.01), tvWeight, init, seed, reportEvery: 5 };
}
