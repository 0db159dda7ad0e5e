import { createWorkBuffer } from '../gpu/buffers';
import type { Dispatch, KernelContext } from '../kernels/kernel';
import type { Tuning } from '../kernels/tuning';

/** A network's dispatches for one input shape, with every buffer bound: a run only uploads, dispatches, reads. */
export interface Plan {
  readonly input: GPUBuffer;
  readonly output: GPUBuffer;
  readonly dispatches: readonly Dispatch[];
  /** Bytes of GPU memory this plan allocated. */
  readonly bytes: number;
  destroy(): void;
}

/** Collects the buffers a plan creates, so that one failure or one destroy() frees them all. */
export class PlanBuilder {
  readonly owned: GPUBuffer[] = [];
  readonly context: KernelContext;
  constructor(device: GPUDevice, tuning: Tuning) {
    this.context = { device, tuning, owned: this.owned };
  }

  buffer(label: string, bytes: number): GPUBuffer {
    const buffer = createWorkBuffer(this.context.device, label, bytes);
    this.owned.push(buffer);
    return buffer;
  }

  async build(input: GPUBuffer, output: GPUBuffer, dispatches: Promise<Dispatch>[]): Promise<Plan> {
    try {
      const resolved = await Promise.all(dispatches);
      const owned = this.owned;
      return {
        input,
        output,
        dispatches: resolved,
        bytes: owned.reduce((sum, b) => sum + b.size, 0),
        destroy: () => owned.forEach((b) => b.destroy()),
      };
    } catch (error) {
      this.destroy();
      throw error;
    }
  }

  /** Frees what was built so far (used when building fails). */
  destroy(): void {
    this.owned.forEach((b) => b.destroy());
  }
}
