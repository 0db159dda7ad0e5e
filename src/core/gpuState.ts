import { ScratchArena, type ScratchNeed } from '../gpu/arena';
import { createStorageBuffer } from '../gpu/buffers';
import { GpuContext, type GpuProvider } from '../gpu/context';
import { PlanCache } from '../gpu/planCache';
import type { KernelContext } from '../kernels/kernel';
import { launchSettingsFor, type LaunchSettings } from '../kernels/launchSettings';
import { createWinogradScratch, isWinograd } from '../kernels/winograd';
import { DecoderGraph } from '../model/decoder';
import { EncoderGraph } from '../model/encoder';
import type { TuningRecord } from '../tuning/record';
import { layerVariants, resolveTuning, type TuningHooks } from '../tuning/resolve';
import { EncoderGradient } from '../model/encoderGradient';
import type { Plan } from '../gpu/planCache';
import type { ModelWeights } from '../model/weights';
import type { MatchSpace, Precision } from '../api';
import { StyleSwapError } from '../errors';

/** Encode and decode plans kept: a content size and a style size, say, or two video resolutions, for each. */
const PLANS_PER_KIND = 2;

/** Everything that lives on one device: weights uploaded once, the scratch arena, and the plans per shape. */
export class GpuState {
  readonly launch: LaunchSettings;
  readonly arena: ScratchArena;
  readonly encoder: EncoderGraph;
  readonly decoder: DecoderGraph;
  readonly plans = new PlanCache<Plan>(2 * PLANS_PER_KIND);
  /** Objects with plans of their own (prepared styles, matched contents): bound to the scratch arena too. */
  readonly planOwners = new Set<{ readonly plans: { destroyAll(): void } }>();
  readonly #channelWeights: Record<MatchSpace, GPUBuffer>;
  readonly #weightBuffers: GPUBuffer[] = [];
  #gradient: EncoderGradient | null = null;

  private constructor(
    readonly context: GpuContext,
    private readonly weights: ModelWeights,
    launch: LaunchSettings,
    /** Which variant each conv runs as, measured on this adapter or passed in (tuning/resolve.ts). */
    readonly tuningRecord: TuningRecord,
    /** How the conv weights are stored. */
    readonly precision: Precision,
  ) {
    this.launch = launch;
    this.arena = new ScratchArena(context.device);
    const k: KernelContext = { device: context.device, launch: this.launch, owned: this.#weightBuffers };
    // The Winograd layers share one scratch pair (convs run one at a time); it is held like the weights.
    const variants = layerVariants(tuningRecord, weights);
    const scratch = [...variants.encoder, ...variants.decoder].some(isWinograd) ? createWinogradScratch(k, launch.winogradBytes) : undefined;
    this.encoder = new EncoderGraph(k, weights.encoder, variants.encoder, scratch, precision);
    this.decoder = new DecoderGraph(k, weights.decoder, variants.decoder, scratch, precision);
    const scale = weights.encoder.caffeScale;
    this.#channelWeights = {
      vgg19: createStorageBuffer(
        context.device,
        'match.caffe_scale_squared',
        scale.map((s) => s * s),
      ),
      normalized: createStorageBuffer(context.device, 'match.unit_weights', new Float32Array(scale.length).fill(1)),
    };
    this.#weightBuffers.push(this.#channelWeights.vgg19, this.#channelWeights.normalized);
  }

  /** `tuning`: the caller's option (a record, 'measure' or 'off'); see tuning/resolve.ts. */
  static async create(
    provider: GpuProvider,
    device: GPUDevice | undefined,
    weights: ModelWeights,
    tuning: unknown,
    precision: Precision,
    hooks: TuningHooks = {},
  ): Promise<GpuState> {
    const context = device ? GpuContext.fromDevice(device) : await GpuContext.request(provider, 'webgpu-style-swap');
    try {
      if (precision === 'f16' && !context.device.features.has('shader-f16')) {
        const whose = context.owned ? `this adapter (${context.adapterName})` : "the GPUDevice passed in (request it with requiredFeatures: ['shader-f16'])";
        throw new StyleSwapError('option', `precision 'f16' needs the shader-f16 feature, which ${whose} does not have; use precision 'f32'`);
      }
      const base = launchSettingsFor(context.adapterName, context.device.limits);
      const record = await resolveTuning(context.device, context.adapterName, base, weights, tuning, precision, hooks);
      return new GpuState(context, weights, { ...base, windowMatch: record.match.variant, gram: record.gram.variant }, record, precision);
    } catch (error) {
      context.destroy();
      throw error;
    }
  }

  get device(): GPUDevice {
    return this.context.device;
  }

  /** The encoder's backward pass (optimisation mode), its weights uploaded on first use. */
  get encoderGradient(): EncoderGradient {
    const k: KernelContext = { device: this.device, launch: this.launch, owned: this.#weightBuffers };
    return (this.#gradient ??= new EncoderGradient(k, this.encoder, this.weights.encoder));
  }

  /** Per-channel weights of the match's inner product: caffe_scale² (VGG19 space) or ones. */
  channelWeights(space: MatchSpace): GPUBuffer {
    return this.#channelWeights[space];
  }

  /** Grows the scratch arena if a call needs more; plans bound to the old buffers are dropped. */
  ensureScratch(need: ScratchNeed, purpose: string): void {
    if (!this.arena.ensure(need, purpose)) return;
    this.plans.destroyAll();
    this.planOwners.forEach((owner) => owner.plans.destroyAll());
  }

  /** Bytes of GPU memory held: weights, scratch and cached plans (prepared styles and their plans not counted). */
  /** Bytes of the uploaded weights (and the match's channel weights). */
  get weightBytes(): number {
    return this.#weightBuffers.reduce((sum, b) => sum + b.size, 0);
  }

  async allocatedBytes(): Promise<number> {
    const weights = this.weightBytes;
    return weights + this.arena.bytes + (await this.plans.bytes());
  }

  /**
   * Frees every buffer we made, and the device if it is ours. Prepared styles and matched contents stay their
   * caller's to destroy (they then refuse to run: made on another state); their plans, bound to the arena, go now.
   */
  destroy(): void {
    this.planOwners.forEach((owner) => owner.plans.destroyAll());
    this.plans.destroyAll();
    this.arena.destroy();
    this.#weightBuffers.forEach((b) => b.destroy());
    this.context.destroy();
  }
}
