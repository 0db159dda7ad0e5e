import { StyleSwapError } from '../errors';
import type { RunMode } from '../gpu/run';
import { FEATURE_CHANNELS } from '../model/encoder';
import { parseModelWeights, type ModelWeights } from '../model/weights';
import type { FeatureMap, ImageResult, WeightsSource } from '../types';
import { decodeCall, encodeCall, prepareStyleCall, stylizeCall, swapCall, type StageTimes } from './calls';
import { GpuState } from './gpuState';
import type { ImageSource } from './imageSource';
import { Mutex } from './mutex';
import { maxContentSize, maxStyleSize, resolveSwapOptions, scaledSize, type StyleSizeOptions, type StylizeOptions, type SwapOptions } from './options';
import type { Platform } from './platform';
import { GpuPreparedStyle, isPreparedStyle, type PreparedStyle } from './preparedStyle';
import { checkImageSize } from './rgba';

export interface CreateStyleSwapOptions {
  /**
   * A GPUDevice to run on (a rendering engine's own). It is used as it is and never destroyed by this library.
   * Default: a device of its own, from the default adapter.
   */
  device?: GPUDevice;
  /**
   * Where the pretrained weights come from: a folder URL (Node: also a folder path) holding
   * vgg19_relu3_1.safetensors and decoder_relu3_1.safetensors, or their bytes.
   * Default — Node: $STYLE_SWAP_WEIGHTS, else the package's weights/ folder; browser: required.
   */
  weights?: WeightsSource;
  /** Run each kernel in its own submit and error scopes, so a GPU error names its kernel. Default: false. */
  debug?: boolean;
}

/** A stylized image: RGBA8 pixels of the (scaled) content's size. */
export interface StylizeResult extends ImageResult {
  /** Milliseconds per stage, with `options.profile`. */
  readonly timings?: StageTimes;
}

/** What stylize returns when it wrote the image into `options.target`: its size, no pixels. */
export interface StylizeTargetResult {
  readonly width: number;
  readonly height: number;
  /** Milliseconds per stage, with `options.profile`. */
  readonly timings?: StageTimes;
}

/** Options that write the result into a texture. */
export type StylizeIntoTargetOptions = StylizeOptions & { target: GPUTexture };

/** A ready instance: weights on the GPU, pipelines compiled on first use and then reused. */
export interface StyleSwap<Image> {
  /** The adapter the instance runs on, in words. */
  readonly adapter: string;
  /** The device in use now (a fresh one after a loss, when the device is ours). */
  readonly device: GPUDevice;
  /** VGG19 features to relu3_1: 256 × ⌊H/4⌋ × ⌊W/4⌋, CHW. */
  encode(image: Image): Promise<FeatureMap>;
  /** The inverse net: features → an RGBA8 image of 4h × 4w, clamped to [0,1] then ×255, rounded. */
  decode(features: FeatureMap): Promise<ImageResult>;
  /** Encodes a style once and keeps its features on the GPU, for many contents or video frames. */
  prepareStyle(style: Image, options?: StyleSizeOptions): Promise<PreparedStyle>;
  /**
   * Stylizes `content` with `style` (an image, or a PreparedStyle): the output has the (scaled) content's size.
   * With `options.target` the image goes into that texture and no pixels come back.
   */
  stylize(content: Image, style: Image | PreparedStyle, options: StylizeIntoTargetOptions): Promise<StylizeTargetResult>;
  stylize(content: Image, style: Image | PreparedStyle, options?: StylizeOptions): Promise<StylizeResult>;
  /** The swap alone on feature maps: swapped features and, per content window, the chosen style window. */
  swap(contentFeatures: FeatureMap, styleFeatures: FeatureMap, options?: SwapOptions): Promise<{ features: FeatureMap; argmax: Int32Array }>;
  /** GPU memory this instance holds now: weights, scratch and cached per-size buffers (not prepared styles). */
  allocatedBytes(): Promise<number>;
  /** Frees everything this instance allocated (and its device, if it made it). Safe to call twice. */
  destroy(): void;
}

export async function createStyleSwapOn<Image>(platform: Platform<Image>, options: CreateStyleSwapOptions = {}): Promise<StyleSwap<Image>> {
  const weights = await parseModelWeights(await platform.loadWeights(options.weights));
  const state = await GpuState.create(platform, options.device, weights);
  return new Instance(platform, options, weights, state);
}

class Instance<Image> implements StyleSwap<Image> {
  #state: GpuState | null;
  readonly #mutex = new Mutex();

  constructor(
    private readonly platform: Platform<Image>,
    private readonly options: CreateStyleSwapOptions,
    private readonly weights: ModelWeights,
    state: GpuState,
  ) {
    this.#state = state;
  }

  get adapter(): string {
    return this.#alive().context.adapterName;
  }

  get device(): GPUDevice {
    return this.#alive().device;
  }

  async encode(image: Image): Promise<FeatureMap> {
    const source = await this.#read(image, 'image');
    return this.#call('encode', (state) => encodeCall(state, source, this.#mode()));
  }

  async decode(features: FeatureMap): Promise<ImageResult> {
    checkFeatureMap(features, 'features');
    return this.#call('decode', (state) => decodeCall(state, features, this.#mode()));
  }

  async prepareStyle(style: Image, options: StyleSizeOptions = {}): Promise<PreparedStyle> {
    const limit = maxStyleSize(options);
    const source = await this.#read(style, 'style');
    const scaled = scaledSize(source.width, source.height, limit);
    checkImageSize(scaled, 'style (after maxStyleSize)');
    return this.#call('prepareStyle', async (state) => (await prepareStyleCall(state, source, scaled, this.#mode())).style);
  }

  stylize(content: Image, style: Image | PreparedStyle, options: StylizeIntoTargetOptions): Promise<StylizeTargetResult>;
  stylize(content: Image, style: Image | PreparedStyle, options?: StylizeOptions): Promise<StylizeResult>;
  async stylize(content: Image, style: Image | PreparedStyle, options: StylizeOptions = {}): Promise<StylizeResult | StylizeTargetResult> {
    const swapOptions = resolveSwapOptions(options);
    const contentSource = await this.#read(content, 'content');
    const scaled = scaledSize(contentSource.width, contentSource.height, maxContentSize(options));
    checkImageSize(scaled, 'content (after maxContentSize)');
    if (options.target) checkTarget(options.target, scaled);
    const styleSource = isPreparedStyle(style) ? null : await this.#read(style as Image, 'style');
    const styleScaled = styleSource && scaledSize(styleSource.width, styleSource.height, maxStyleSize(options));
    if (styleScaled) checkImageSize(styleScaled, 'style (after maxStyleSize)');
    const mode = this.#mode(options.profile);
    return this.#call('stylize', async (state) => {
      let prepared: GpuPreparedStyle;
      let styleTimes: StageTimes = {};
      if (styleSource) {
        ({ style: prepared, times: styleTimes } = await prepareStyleCall(state, styleSource, styleScaled!, mode));
      } else {
        prepared = style as GpuPreparedStyle;
        prepared.check(state);
      }
      try {
        const result = await stylizeCall(state, contentSource, prepared, { ...swapOptions, scaled, target: options.target }, mode);
        const timings = options.profile ? { ...styleTimes, ...result.times } : undefined;
        const size = { width: result.width, height: result.height, timings };
        return result.data ? { ...size, data: result.data } : size;
      } finally {
        if (styleSource) prepared.destroy();
      }
    });
  }

  async swap(contentFeatures: FeatureMap, styleFeatures: FeatureMap, options: SwapOptions = {}) {
    checkFeatureMap(contentFeatures, 'contentFeatures');
    checkFeatureMap(styleFeatures, 'styleFeatures');
    const resolved = resolveSwapOptions(options);
    return this.#call('swap', (state) => swapCall(state, contentFeatures, styleFeatures, resolved, this.#mode()));
  }

  allocatedBytes(): Promise<number> {
    return this.#alive().allocatedBytes();
  }

  destroy(): void {
    this.#state?.destroy();
    this.#state = null;
  }

  /** Debug (a submit per kernel) wins over profiling (a submit per stage); else one submit. */
  #mode(profile = false): RunMode {
    return this.options.debug ? 'debug' : profile ? 'profile' : 'fast';
  }

  async #read(image: Image, what: string): Promise<ImageSource> {
    this.#alive();
    const source = await this.platform.readImage(image, what);
    if (source.kind === 'pixels') checkImageSize(source.image, what, source.image.data);
    else checkImageSize(source, what);
    return source;
  }

  /**
   * Runs one call alone on the instance (calls queue up in order), on a live device: a device lost before the
   * call is replaced (when it is ours); one lost during the call fails it with a clear error.
   */
  #call<T>(what: string, body: (state: GpuState) => Promise<T>): Promise<T> {
    return this.#mutex.run(async () => {
      const state = await this.#ready();
      try {
        return await body(state);
      } catch (error) {
        const lost = await state.context.lostSoon();
        if (lost) {
          throw new StyleSwapError(
            'device-lost',
            `The GPU device was lost during ${what} (${lost.reason}: ${lost.message || 'no message'}); the next call starts on a fresh device`,
            { cause: error },
          );
        }
        throw error;
      }
    });
  }

  #alive(): GpuState {
    if (!this.#state) throw new StyleSwapError('destroyed', 'This StyleSwap instance was destroyed; create a new one with createStyleSwap()');
    return this.#state;
  }

  /** The live state, replaced by a fresh device and re-uploaded weights after a loss when the device is ours. */
  async #ready(): Promise<GpuState> {
    const state = this.#alive();
    if (!state.context.lost) return state;
    if (!state.context.owned) {
      throw new StyleSwapError('device-lost', 'The GPUDevice passed to createStyleSwap() was lost; create a new instance with a new device');
    }
    const fresh = await GpuState.create(this.platform, undefined, this.weights);
    state.destroy();
    this.#state = fresh;
    return fresh;
  }
}

function checkFeatureMap(features: FeatureMap, what: string): void {
  const { channels, height, width, data } = features ?? {};
  if (channels !== FEATURE_CHANNELS) {
    throw new StyleSwapError('image', `${what} have ${channels} channels; relu3_1 features have ${FEATURE_CHANNELS}`);
  }
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new StyleSwapError('image', `${what} have size ${height}×${width}; both must be positive integers`);
  }
  if (!(data instanceof Float32Array) || data.length !== channels * height * width) {
    throw new StyleSwapError('image', `${what} data must be a Float32Array of ${channels}×${height}×${width} values`);
  }
}

function checkTarget(target: GPUTexture, size: { width: number; height: number }): void {
  if (target.format !== 'rgba8unorm' && target.format !== 'bgra8unorm') {
    throw new StyleSwapError('option', `target is a ${target.format} texture; use rgba8unorm or bgra8unorm`);
  }
  if (target.width !== size.width || target.height !== size.height) {
    throw new StyleSwapError('option', `target is ${target.width}×${target.height}; the output is ${size.width}×${size.height}`);
  }
  if (!(target.usage & GPUTextureUsage.COPY_DST)) {
    throw new StyleSwapError('option', 'target texture lacks GPUTextureUsage.COPY_DST, which writing the result needs');
  }
}

