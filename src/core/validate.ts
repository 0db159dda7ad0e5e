// Every check of what a caller passes in, each failing with a StyleSwapError that names the input or option.
import type {
  CallOptions,
  CreateStyleSwapOptions,
  FeatureMap,
  MatchOptions,
  OptimizeOptions,
  PreparedStyle,
  Precision,
  RenderOptions,
  RgbaImage,
  StyleEntry,
  StyleInput,
  StyleSizeOptions,
  StylizeOptions,
  SwapOptions,
} from '../api';
import { StyleSwapError } from '../errors';
import { isPixelTextureFormat, PIXEL_TEXTURE_FORMATS } from './textureFormats';
import { FEATURE_CHANNELS } from '../model/encoder';

/** The smallest image the encoder takes: relu3_1 (a quarter of each side) must hold at least one pixel. */
export const MIN_IMAGE_SIDE = 4;

/**
 * The keys of `Options`, every one of them: a list that misses a key of the public type, or names a key it lacks,
 * does not compile, so the unknown-key check cannot drift from src/api.ts.
 */
function allKeys<Options>() {
  return <const Keys extends readonly (keyof Options & string)[]>(keys: Keys & ([Exclude<keyof Options, Keys[number]>] extends [never] ? unknown : never)) =>
    keys;
}

/** The option names of each call, for the unknown-key check. */
export const OPTION_NAMES = {
  create: allKeys<CreateStyleSwapOptions>()(['device', 'weights', 'debug', 'maxInputPixels', 'tuning', 'precision', 'onProgress']),
  call: allKeys<CallOptions>()(['signal', 'onProgress']),
  styleSize: allKeys<StyleSizeOptions>()(['signal', 'onProgress', 'maxStyleSize']),
  swap: allKeys<SwapOptions>()(['signal', 'onProgress', 'patchSize', 'patchStride', 'matchSpace', 'match']),
  stylize: allKeys<StylizeOptions>()([
    'signal',
    'onProgress',
    'patchSize',
    'patchStride',
    'matchSpace',
    'match',
    'maxStyleSize',
    'maxContentSize',
    'target',
    'profile',
    'strength',
    'preserveColor',
    'memoryBudget',
    'tileSize',
    'optimize',
  ]),
  match: allKeys<MatchOptions>()(['signal', 'onProgress', 'patchSize', 'patchStride', 'matchSpace', 'match', 'maxStyleSize', 'maxContentSize']),
  render: allKeys<RenderOptions>()(['signal', 'onProgress', 'target', 'profile', 'strength', 'preserveColor']),
  optimize: allKeys<OptimizeOptions>()(['iterations', 'learningRate', 'tvWeight', 'init', 'seed']),
};

/** The `precision` option, checked: 'f32' (the default) or 'f16'. */
export function precisionOption(value: unknown): Precision {
  if (value === undefined || value === 'f32' || value === 'f16') return value ?? 'f32';
  throw new StyleSwapError('option', `precision must be 'f32' or 'f16', got ${describeValue(value)}`);
}

/** A value as an error message should show it: strings quoted, so '3' does not read as the number 3. */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return `the string '${value}'`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name = value.constructor?.name;
    if (!name || name === 'Object') return 'a plain object';
    return `${/^[AEIO]/.test(name) ? 'an' : 'a'} ${name}`; // a Uint8Array, an Int32Array
  }
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- only primitives reach here: objects returned above
  return String(value);
}

/**
 * Throws unless `options` is undefined or a plain object whose keys are all in `known`; an unknown key is named
 * with the nearest known one (a typo, or another casing).
 */
export function checkOptionKeys(options: unknown, known: readonly string[], what: string): void {
  if (options === undefined) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new StyleSwapError('option', `${what} options must be an object or undefined, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (known.includes(key)) continue;
    const near = nearestName(key, known);
    const hint = near ? `; did you mean '${near}'?` : `; known options: ${known.join(', ')}`;
    throw new StyleSwapError('option', `unknown ${what} option '${key}'${hint}`);
  }
}

/**
 * The known name `name` most likely meant: one that contains it ('stride' → 'patchStride'), else the closest by edit
 * distance (case ignored) if it is close enough to be a typo.
 */
export function nearestName(name: string, known: readonly string[]): string | undefined {
  const containing = name.length >= 4 && known.find((candidate) => candidate.toLowerCase().includes(name.toLowerCase()));
  if (containing) return containing;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance];
  }
  return bestDistance <= Math.max(2, Math.floor(name.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}

/**
 * A style argument as a list of { style, weight, mask }: one image or PreparedStyle is a list of one, weight 1.
 * Refuses an empty list, unknown entry keys, a negative or non-finite weight, and weights that are all 0.
 */
export function styleEntries<Image>(style: StyleInput<Image>): { style: Image | PreparedStyle; weight: number; mask?: Image }[] {
  if (!Array.isArray(style)) return [{ style: style as Image | PreparedStyle, weight: 1 }];
  if (style.length === 0) throw new StyleSwapError('option', 'the style list is empty; give at least one { style, weight?, mask? }');
  const entries = (style as readonly StyleEntry<Image>[]).map((entry, i) => {
    checkOptionKeys(entry, ['style', 'weight', 'mask'], `style ${i + 1}`);
    if (!entry || entry.style === undefined) throw new StyleSwapError('option', `style ${i + 1} has no style: give { style, weight?, mask? }`);
    const weight = entry.weight ?? 1;
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) {
      throw new StyleSwapError('option', `style ${i + 1}'s weight must be a finite number ≥ 0, got ${describeValue(weight)}`);
    }
    return { style: entry.style, weight, mask: entry.mask };
  });
  if (entries.every((entry) => entry.weight === 0)) throw new StyleSwapError('option', 'every style weight is 0: at least one style must weigh more than 0');
  return entries;
}

/** A mask must have the content's aspect ratio within 1% (it is stretched to the content's size). */
export function checkMaskAspect(mask: { width: number; height: number }, content: { width: number; height: number }, what: string): void {
  const [maskAspect, contentAspect] = [mask.width / mask.height, content.width / content.height];
  if (Math.abs(maskAspect - contentAspect) > 0.01 * contentAspect) {
    throw new StyleSwapError(
      'image',
      `${what} is ${mask.width}×${mask.height} (aspect ${maskAspect.toFixed(3)}), but the content is ${content.width}×${content.height} (aspect ${contentAspect.toFixed(3)}); they must match within 1%`,
    );
  }
}

/** An integer ≥ 1 (the option's default when undefined). */
export function positiveInteger(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new StyleSwapError('option', `${name} must be a positive integer, got ${describeValue(value)}`);
  }
  return value;
}

/** Checks `signal` and `onProgress` (both optional). */
export function checkCallOptions(options: { signal?: unknown; onProgress?: unknown } | undefined): void {
  const { signal, onProgress } = options ?? {};
  if (signal !== undefined && !(typeof signal === 'object' && signal !== null && 'aborted' in signal && 'addEventListener' in signal)) {
    throw new StyleSwapError('option', `signal must be an AbortSignal, got ${describeValue(signal)}`);
  }
  if (onProgress !== undefined && typeof onProgress !== 'function') {
    throw new StyleSwapError('option', `onProgress must be a function, got ${describeValue(onProgress)}`);
  }
}

/** Throws unless `device` looks like a GPUDevice (a plain object or another API's device would fail deep inside). */
export function checkDevice(device: unknown): void {
  if (device === undefined) return;
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- from unknown: the checks read its members
  const d = device as Partial<GPUDevice> | null;
  if (typeof d !== 'object' || d === null || typeof d.createBuffer !== 'function' || typeof d.queue?.submit !== 'function' || !d.limits) {
    throw new StyleSwapError('option', `device must be a GPUDevice (from adapter.requestDevice()), got ${describeValue(device)}`);
  }
}

/** Throws unless the size is at least `minSide` × `minSide` (default 4×4, what the encoder needs) in whole pixels. */
export function checkImageSize(size: { width: unknown; height: unknown }, what: string, minSide = MIN_IMAGE_SIDE): void {
  const { width, height } = size;
  if (!isCount(width) || !isCount(height)) {
    throw new StyleSwapError('image', `${what} has size ${describeValue(width)}×${describeValue(height)}; width and height must be positive integers`);
  }
  if (width < minSide || height < minSide) {
    throw new StyleSwapError('image', `${what} is ${width}×${height}; the encoder needs at least ${MIN_IMAGE_SIDE}×${MIN_IMAGE_SIDE} pixels`);
  }
}

/** Throws unless width × height is within the pixel limit (checked before decoding or uploading). */
export function checkPixelCount(size: { width: number; height: number }, limit: number, what: string): void {
  const pixels = size.width * size.height;
  if (pixels > limit) {
    const mp = (n: number) => `${(n / 1e6).toFixed(1)} MP`;
    throw new StyleSwapError('image', `${what} is ${size.width}×${size.height} (${mp(pixels)}), over the limit of ${mp(limit)} (option maxInputPixels)`);
  }
}

/** Decoded pixels: a Uint8Array or Uint8ClampedArray of exactly 4·W·H bytes, at least `minSide` on each side. */
export function checkPixels(image: unknown, what: string, minSide = MIN_IMAGE_SIDE): asserts image is RgbaImage {
  if (typeof image !== 'object' || image === null) throw new StyleSwapError('image', `${what} must be an image, got ${describeValue(image)}`);
  const { width, height, data } = image as { width: unknown; height: unknown; data: unknown };
  checkImageSize({ width, height }, what, minSide);
  if (!(data instanceof Uint8Array || data instanceof Uint8ClampedArray)) {
    throw new StyleSwapError('image', `${what}.data must be a Uint8Array or Uint8ClampedArray of RGBA8 bytes, got ${describeValue(data)}`);
  }
  const [w, h] = [width as number, height as number]; // checked by checkImageSize
  const expected = 4 * w * h;
  if (data.length !== expected) throw new StyleSwapError('image', `${what} has ${data.length} bytes; a ${w}×${h} RGBA8 image has ${expected}`);
}

export function checkFeatureMap(features: FeatureMap, what: string): void {
  const { channels, height, width, data } = features ?? {};
  if (channels !== FEATURE_CHANNELS) {
    throw new StyleSwapError('image', `${what} have ${describeValue(channels)} channels; relu3_1 features have ${FEATURE_CHANNELS}`);
  }
  if (!isCount(height) || !isCount(width)) {
    throw new StyleSwapError('image', `${what} have size ${describeValue(height)}×${describeValue(width)}; both must be positive integers`);
  }
  if (!(data instanceof Float32Array) || data.length !== channels * height * width) {
    throw new StyleSwapError('image', `${what} data must be a Float32Array of ${channels}×${height}×${width} values`);
  }
}

/** A texture input: a format we read and the usage a copy needs. */
export function checkTextureSource(texture: GPUTexture, what: string): void {
  if (!isPixelTextureFormat(texture.format)) {
    throw new StyleSwapError('image', `${what} is a ${texture.format} texture; use ${PIXEL_TEXTURE_FORMATS.join(', ')}`);
  }
  if (!(texture.usage & GPUTextureUsage.COPY_SRC)) {
    throw new StyleSwapError('image', `${what} texture lacks GPUTextureUsage.COPY_SRC, which reading it needs`);
  }
}

/**
 * Throws unless an object an instance made (a PreparedStyle, a MatchedContent) may be used by `owner` on `state`:
 * not destroyed, made by that instance, on its current device. `redo` says how to get a usable one.
 */
export function checkUsable(made: { what: string; redo: string; destroyed: boolean; owner: object; state: object }, owner: object, state: object): void {
  if (made.destroyed) throw new StyleSwapError('destroyed', `this ${made.what} was destroyed; ${made.redo}`);
  if (made.owner !== owner)
    throw new StyleSwapError('option', `this ${made.what} belongs to another StyleSwap instance; ${made.redo} with the instance that uses it`);
  if (made.state !== state) {
    throw new StyleSwapError('device-lost', `this ${made.what} was made on a GPU device that has since been lost and replaced; ${made.redo}`);
  }
}

/** The `target` option: a writable RGBA8/BGRA8 texture (plain or -srgb) of the output's size. */
export function checkTarget(target: GPUTexture, size: { width: number; height: number }, maxTextureDimension2D: number): void {
  if (Math.max(size.width, size.height) > maxTextureDimension2D) {
    throw new StyleSwapError(
      'too-large',
      `the output is ${size.width}×${size.height}, larger than this device's textures may be (maxTextureDimension2D ${maxTextureDimension2D}): leave out target to get the pixels, or lower maxContentSize`,
    );
  }
  if (!isPixelTextureFormat(target.format)) {
    throw new StyleSwapError('option', `target is a ${target.format} texture; use ${PIXEL_TEXTURE_FORMATS.join(', ')}`);
  }
  if (target.width !== size.width || target.height !== size.height) {
    throw new StyleSwapError('option', `target is ${target.width}×${target.height}; the output is ${size.width}×${size.height}`);
  }
  if (!(target.usage & GPUTextureUsage.COPY_DST)) {
    throw new StyleSwapError('option', 'target texture lacks GPUTextureUsage.COPY_DST, which writing the result needs');
  }
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n > 0;
