import { StyleSwapError } from '../errors';
import { abortable, throwIfAborted, type RunMode } from '../gpu/run';
import { parseModelWeights, type ModelWeights } from '../model/weights';
import type {
  CallOptions,
  CreateStyleSwapOptions,
  FeatureMap,
  ImageResult,
  MatchedContent,
  MatchOptions,
  PreparedStyle,
  RenderOptions,
  StageTimes,
  StyleInput,
  StyleSizeOptions,
  StyleSwap,
  StylizeIntoTargetOptions,
  StylizeOptions,
  StylizeResult,
  StylizeTargetResult,
  SwapOptions,
} from '../api';
import type { CallRun } from './callRun';
import { decodeCall, encodeCall, prepareStyleCall, swapCall } from './calls';
import { matchCall, renderCall, stylizeCall, type MatchStyle } from './stylizeCalls';
import type { GpuMatch, MatchRenderer } from './matched';
import { GpuState } from './gpuState';
import type { TuningRecord } from '../tuning/record';
import { Mutex } from './mutex';
import { checkedReader, readMatchInputs, readStylizeRequest, type ImageReader, type MatchInputs, type StylizeRequest } from './stylizeRequest';
import { optimizeCall } from './optimizeCall';
import { DEFAULT_MAX_INPUT_PIXELS, DEFAULT_MEMORY_BUDGET, maxStyleSize, resolveRenderControls, resolveSwapOptions, scaledSize } from './options';
import { contentTiling, tooLargeForOnePass } from './tilePlanning';
import { tiledStylizeCall } from './tiledStylize';
import type { Platform } from './platform';
import type { GpuPreparedStyle } from './preparedStyle';
import {
  checkCallOptions,
  checkDevice,
  checkFeatureMap,
  checkImageSize,
  checkOptionKeys,
  checkTarget,
  OPTION_NAMES,
  positiveInteger,
  precisionOption,
} from './validate';

export async function createStyleSwapOn<Image>(platform: Platform<Image>, options: CreateStyleSwapOptions = {}): Promise<Instance<Image>> {
  checkOptionKeys(options, OPTION_NAMES.create, 'createStyleSwap');
  options ??= {};
  checkDevice(options.device);
  const maxInputPixels = positiveInteger(options.maxInputPixels, 'maxInputPixels', DEFAULT_MAX_INPUT_PIXELS);
  const precision = precisionOption(options.precision);
  const weights = await parseModelWeights(await platform.loadWeights(options.weights));
  const onProgress = options.onProgress;
  const hooks = { store: platform.tuningStore, onProgress: onProgress && ((done: number, total: number) => onProgress({ stage: 'tune', done, total })) };
  const state = await GpuState.create(platform, options.device, weights, options.tuning, precision, hooks);
  return new Instance(platform, { debug: options.debug === true, maxInputPixels }, weights, state);
}

export class Instance<Image> implements StyleSwap<Image> {
  #state: GpuState | null;
  readonly #mutex = new Mutex();

  constructor(
    private readonly platform: Platform<Image>,
    private readonly settings: { readonly debug: boolean; readonly maxInputPixels: number },
    private readonly weights: ModelWeights,
    state: GpuState,
  ) {
    this.#state = state;
    const read = checkedReader(platform, settings.maxInputPixels);
    this.#reader = (image, what) => {
      this.#alive();
      return read(image, what);
    };
  }

  get adapter(): string {
    return this.#alive().context.adapterName;
  }

  get tuning(): TuningRecord {
    return this.#alive().tuningRecord;
  }

  get device(): GPUDevice {
    return this.#alive().device;
  }

  async encode(image: Image, options?: CallOptions): Promise<FeatureMap> {
    const how = this.#how('encode', OPTION_NAMES.call, options);
    const source = await this.#reader(image, 'image');
    return this.#call('encode', how, (state) => encodeCall(state, source, how));
  }

  async decode(features: FeatureMap, options?: CallOptions): Promise<ImageResult> {
    const how = this.#how('decode', OPTION_NAMES.call, options);
    checkFeatureMap(features, 'features');
    return this.#call('decode', how, (state) => decodeCall(state, features, how));
  }

  async prepareStyle(style: Image, options?: StyleSizeOptions): Promise<PreparedStyle> {
    const how = this.#how('prepareStyle', OPTION_NAMES.styleSize, options);
    const limit = maxStyleSize(options ?? {});
    const source = await this.#reader(style, 'style');
    const scaled = scaledSize(source.width, source.height, limit);
    checkImageSize(scaled, 'style (after maxStyleSize)');
    return this.#call('prepareStyle', how, async (state) => (await prepareStyleCall(state, this, source, scaled, how)).style);
  }

  stylize(content: Image, style: StyleInput<Image>, options: StylizeIntoTargetOptions): Promise<StylizeTargetResult>;
  stylize(content: Image, style: StyleInput<Image>, options?: StylizeOptions): Promise<StylizeResult>;
  async stylize(content: Image, style: StyleInput<Image>, options?: StylizeOptions): Promise<StylizeResult | StylizeTargetResult> {
    return this.stylizeRequest(await readStylizeRequest(this.#reader, content, style, options));
  }

  /** Runs a stylize call whose options and images were read and checked already (see readStylizeRequest). */
  async stylizeRequest(request: StylizeRequest): Promise<StylizeResult | StylizeTargetResult> {
    const { options, controls, tiling, optimize, inputs } = request;
    const how = this.#how('stylize', OPTION_NAMES.stylize, options, options.profile === true);
    const target = options.target;
    if (target) checkTarget(target, inputs.scaled, this.#alive().device.limits.maxTextureDimension2D);
    const profile = options.profile;
    return this.#call('stylize', how, (state) =>
      this.#withStyles(state, inputs, how, async (styles, styleTimes) => {
        const single = styles.length === 1 && !styles[0]!.mask; // the cached plan of its PreparedStyle: video frames
        const call = { ...inputs.swap, scaled: inputs.scaled, target, controls };
        const grid = contentTiling(state, inputs.scaled, styles, inputs.swap, tiling);
        if (optimize && grid) throw tooLargeForOnePass(inputs.scaled, 'optimize', 'lower maxContentSize (or raise memoryBudget)');
        if (!optimize && (single || grid)) {
          const result = grid
            ? await tiledStylizeCall(state, inputs.content, styles, { ...call, grid }, how)
            : await stylizeCall(state, inputs.content, styles[0]!.style, call, how);
          return withTimings(result, profile ? { ...styleTimes, ...result.times } : undefined);
        }
        const { match, times } = await matchCall(state, this, inputs.content, styles, { ...inputs.swap, scaled: inputs.scaled }, how, this.#renderer);
        try {
          const result = await renderCall(state, match, { controls, target: optimize ? undefined : target }, how);
          if (!optimize) return withTimings(result, profile ? { ...styleTimes, ...times, ...result.times } : undefined);
          const started = performance.now();
          const refined = await optimizeCall(state, match, result.data!, optimize, { controls, target, onProgress: options.onProgress }, how);
          const timings = profile ? { ...styleTimes, ...times, ...result.times, optimize: performance.now() - started } : undefined;
          return { ...withTimings(refined, timings), optimization: { losses: refined.losses, msPerIteration: refined.msPerIteration } };
        } finally {
          match.destroy();
        }
      }),
    );
  }

  async match(content: Image, style: StyleInput<Image>, options?: MatchOptions): Promise<MatchedContent> {
    const how = this.#how('match', OPTION_NAMES.match, options);
    const inputs = await readMatchInputs(this.#reader, content, style, options ?? {});
    return this.#call('match', how, (state) =>
      this.#withStyles(state, inputs, how, async (styles) => {
        if (contentTiling(state, inputs.scaled, styles, inputs.swap, { memoryBudget: DEFAULT_MEMORY_BUDGET })) {
          throw tooLargeForOnePass(inputs.scaled, 'match()', 'use stylize(), which tiles it, or lower maxContentSize');
        }
        return (await matchCall(state, this, inputs.content, styles, { ...inputs.swap, scaled: inputs.scaled }, how, this.#renderer)).match;
      }),
    );
  }

  readonly #renderer: MatchRenderer = (match, options) => this.#render(match, options);

  async #render(match: GpuMatch, options?: RenderOptions): Promise<StylizeResult | StylizeTargetResult> {
    const how = this.#how('render', OPTION_NAMES.render, options, options?.profile === true);
    const controls = resolveRenderControls(options ?? {});
    const target = options?.target;
    if (target) checkTarget(target, match, this.#alive().device.limits.maxTextureDimension2D);
    return this.#call('render', how, async (state) => {
      match.check(this, state);
      const result = await renderCall(state, match, { controls, target }, how);
      return withTimings(result, options?.profile ? result.times : undefined);
    });
  }

  /** Runs `body` with every style prepared: the caller's PreparedStyles (checked), or ones made now and freed after. */
  async #withStyles<T>(state: GpuState, inputs: MatchInputs, how: CallRun, body: (styles: MatchStyle[], styleTimes: StageTimes) => Promise<T>): Promise<T> {
    const made: GpuPreparedStyle[] = [];
    const styleTimes: StageTimes = {};
    try {
      const styles: MatchStyle[] = [];
      for (const s of inputs.styles) {
        let prepared: GpuPreparedStyle;
        if (s.source) {
          const { style, times } = await prepareStyleCall(state, this, s.source.image, s.source.scaled, how);
          made.push(style);
          prepared = style;
          for (const [stage, ms] of Object.entries(times)) styleTimes[stage] = (styleTimes[stage] ?? 0) + ms;
        } else {
          prepared = s.given as GpuPreparedStyle;
          prepared.check(this, state);
        }
        styles.push({ style: prepared, weight: s.weight, mask: s.mask });
      }
      return await body(styles, styleTimes);
    } finally {
      made.forEach((style) => style.destroy());
    }
  }

  async swap(contentFeatures: FeatureMap, styleFeatures: FeatureMap, options?: SwapOptions) {
    const how = this.#how('swap', OPTION_NAMES.swap, options);
    checkFeatureMap(contentFeatures, 'contentFeatures');
    checkFeatureMap(styleFeatures, 'styleFeatures');
    const resolved = resolveSwapOptions(options ?? {});
    return this.#call('swap', how, (state) => swapCall(state, contentFeatures, styleFeatures, resolved, how));
  }

  allocatedBytes(): Promise<number> {
    return this.#alive().allocatedBytes();
  }

  destroy(): void {
    this.#state?.destroy();
    this.#state = null;
  }

  /**
   * Checks a call's options and says how it runs: debug (a submit per kernel) wins over profiling (a submit per
   * stage); else one submit, or one per stage when the caller wants to cancel or follow progress.
   */
  #how(what: string, known: readonly string[], options: CallOptions | undefined, profile = false): CallRun {
    checkOptionKeys(options, known, what);
    checkCallOptions(options);
    const mode: RunMode = this.settings.debug ? 'debug' : profile ? 'profile' : 'fast';
    const onProgress = options?.onProgress;
    return {
      mode,
      control: { signal: options?.signal, onStep: onProgress && ((stage, done, total) => onProgress({ stage, done, total })) },
    };
  }

  /** Reads an input with the size checks, on a live instance (made in the constructor, from its settings). */
  readonly #reader: ImageReader<Image>;

  /**
   * Runs one call alone on the instance (calls queue up in order), on a live device: a device lost before the
   * call is replaced (when it is ours); one lost during the call fails it with a clear error, and so does a
   * destroy() during the call. An abort rejects the call at once; its GPU work stops at the next stage boundary.
   */
  #call<T>(what: string, how: CallRun, body: (state: GpuState) => Promise<T>): Promise<T> {
    throwIfAborted(how.control.signal, what);
    const queued = this.#mutex.run(async () => {
      throwIfAborted(how.control.signal, what);
      const state = await this.#ready();
      try {
        return await body(state);
      } catch (error) {
        if (!this.#state) throw new StyleSwapError('destroyed', `This StyleSwap instance was destroyed during ${what}`, { cause: error });
        if (StyleSwapError.is(error, 'aborted')) throw error;
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
    return abortable(queued, how.control.signal, what); // prompt, also while queued behind another call
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
    const fresh = await GpuState.create(this.platform, undefined, this.weights, state.tuningRecord, state.precision);
    state.destroy();
    this.#state = fresh;
    return fresh;
  }
}

/** A call's result as the API returns it: pixels unless they went into a target, and timings when profiled. */
function withTimings(
  result: { width: number; height: number; data?: Uint8ClampedArray },
  timings: StageTimes | undefined,
): StylizeResult | StylizeTargetResult {
  const size = { width: result.width, height: result.height, timings };
  return result.data ? { ...size, data: result.data } : size;
}
