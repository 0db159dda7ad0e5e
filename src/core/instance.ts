import { StyleSwapError } from '../errors';
import { runOnGpu } from '../gpu/run';
import { FEATURE_CHANNELS, featureSize } from '../model/encoder';
import { parseModelWeights, type ModelWeights } from '../model/weights';
import type { FeatureMap, ImageResult, WeightsSource } from '../types';
import { GpuState } from './gpuState';
import type { Platform } from './platform';
import { checkRgbaImage, pixelWords } from './rgba';

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
  /** GPU memory this instance holds now: weights and cached per-size buffers. */
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
  #recovering: Promise<GpuState> | null = null;

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
    const rgba = await this.platform.readImage(image, 'image');
    checkRgbaImage(rgba, 'image');
    const state = await this.#ready();
    const { width, height } = rgba;
    const size = featureSize(height, width);
    const bytes = 4 * FEATURE_CHANNELS * size.height * size.width;
    const { plan, release } = await state.encoderPlans.acquire(`${height}x${width}`, () => state.encoder.plan(height, width));
    try {
      const data = await this.#run(state, 'encode', {
        label: 'encode',
        upload: (queue) => queue.writeBuffer(plan.input, 0, pixelWords(rgba)),
        dispatches: plan.dispatches,
        readback: { buffer: plan.output, bytes },
      });
      return { channels: FEATURE_CHANNELS, ...size, data: new Float32Array(data) };
    } finally {
      release();
    }
  }

  async decode(features: FeatureMap): Promise<ImageResult> {
    checkFeatureMap(features);
    const state = await this.#ready();
    const { height, width } = features;
    const { plan, release } = await state.decoderPlans.acquire(`${height}x${width}`, () => state.decoder.plan(height, width));
    try {
      const data = await this.#run(state, 'decode', {
        label: 'decode',
        upload: (queue) => queue.writeBuffer(plan.input, 0, features.data as Float32Array<ArrayBuffer>),
        dispatches: plan.dispatches,
        readback: { buffer: plan.output, bytes: 4 * 16 * height * width },
      });
      return { width: 4 * width, height: 4 * height, data: new Uint8ClampedArray(data) };
    } finally {
      release();
    }
  }

  allocatedBytes(): Promise<number> {
    return this.#alive().allocatedBytes();
  }

  destroy(): void {
    this.#state?.destroy();
    this.#state = null;
  }

  /** Runs GPU work, turning a device lost in flight into a clear error (the next call gets a fresh device). */
  async #run(state: GpuState, what: string, spec: Parameters<typeof runOnGpu>[1]): Promise<ArrayBuffer> {
    try {
      return await runOnGpu(state.device, spec, this.options.debug ?? false);
    } catch (error) {
      const lost = await state.context.lostSoon();
      if (lost) {
        throw new StyleSwapError('device-lost', `The GPU device was lost during ${what} (${lost.reason}: ${lost.message || 'no message'}); the next call starts on a fresh device`, { cause: error });
      }
      throw error;
    }
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
    this.#recovering ??= GpuState.create(this.platform, undefined, this.weights).finally(() => (this.#recovering = null));
    const fresh = await this.#recovering;
    if (this.#state === state) {
      state.destroy();
      this.#state = fresh;
    }
    return this.#alive();
  }
}

function checkFeatureMap(features: FeatureMap): void {
  const { channels, height, width, data } = features ?? {};
  if (channels !== FEATURE_CHANNELS) {
    throw new StyleSwapError('image', `features have ${channels} channels; the inverse net takes relu3_1 features with ${FEATURE_CHANNELS}`);
  }
  if (!Number.isInteger(height) || !Number.isInteger(width) || height < 1 || width < 1) {
    throw new StyleSwapError('image', `features have size ${height}×${width}; both must be positive integers`);
  }
  if (!(data instanceof Float32Array) || data.length !== channels * height * width) {
    throw new StyleSwapError('image', `features data must be a Float32Array of ${channels}×${height}×${width} values`);
  }
}
