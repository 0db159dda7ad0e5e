import { GpuContext, type GpuProvider } from '../gpu/context';
import { PlanCache } from '../gpu/planCache';
import { tuningFor } from '../kernels/tuning';
import { DecoderGraph } from '../model/decoder';
import { EncoderGraph } from '../model/encoder';
import type { Plan } from '../model/plan';
import type { ModelWeights } from '../model/weights';

/** Plans kept per network: one for the content size and one for the style size covers the common loop. */
const PLANS_PER_NETWORK = 2;

/** Everything that lives on one device: the weights uploaded once, the graphs, and the plans per shape. */
export class GpuState {
  readonly encoder: EncoderGraph;
  readonly decoder: DecoderGraph;
  readonly encoderPlans = new PlanCache<Plan>(PLANS_PER_NETWORK);
  readonly decoderPlans = new PlanCache<Plan & { rgb: GPUBuffer }>(PLANS_PER_NETWORK);
  readonly #weightBuffers: GPUBuffer[] = [];

  private constructor(
    readonly context: GpuContext,
    weights: ModelWeights,
  ) {
    const tuning = tuningFor(context.adapterName);
    this.encoder = new EncoderGraph(context.device, tuning, weights.encoder, this.#weightBuffers);
    this.decoder = new DecoderGraph(context.device, tuning, weights.decoder, this.#weightBuffers);
  }

  static async create(provider: GpuProvider, device: GPUDevice | undefined, weights: ModelWeights): Promise<GpuState> {
    const context = device ? GpuContext.fromDevice(device) : await GpuContext.request(provider, 'webgpu-style-swap');
    try {
      return new GpuState(context, weights);
    } catch (error) {
      context.destroy();
      throw error;
    }
  }

  get device(): GPUDevice {
    return this.context.device;
  }

  /** Bytes of GPU memory held: weights and every cached plan. */
  async allocatedBytes(): Promise<number> {
    const weights = this.#weightBuffers.reduce((sum, b) => sum + b.size, 0);
    return weights + (await this.encoderPlans.bytes()) + (await this.decoderPlans.bytes());
  }

  /** Frees every buffer we made, and the device if it is ours. */
  destroy(): void {
    this.encoderPlans.destroyAll();
    this.decoderPlans.destroyAll();
    this.#weightBuffers.forEach((b) => b.destroy());
    this.context.destroy();
  }
}
