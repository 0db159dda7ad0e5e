import { createWorkBuffer } from '../gpu/buffers';
import type { Plan } from '../gpu/planCache';
import type { KernelContext } from '../kernels/kernel';
import type { LaunchSettings } from '../kernels/launchSettings';

/** Collects the buffers a plan creates, so that one failure or one destroy() frees them all. */
export class PlanBuilder {
  readonly owned: GPUBuffer[] = [];
  readonly context: KernelContext;
  constructor(device: GPUDevice, launch: LaunchSettings) {
    this.context = { device, launch, owned: this.owned };
  }

  buffer(label: string, bytes: number): GPUBuffer {
    const buffer = createWorkBuffer(this.context.device, label, bytes);
    this.owned.push(buffer);
    return buffer;
  }

  /** Awaits the parts (pipelines compile on first use), frees everything if one fails, and returns the plan. */
  async build<T extends object>(parts: Promise<T>): Promise<T & Plan> {
    try {
      const resolved = await parts;
      const owned = this.owned;
      return { ...resolved, bytes: owned.reduce((sum, b) => sum + b.size, 0), destroy: () => owned.forEach((b) => b.destroy()) };
    } catch (error) {
      this.destroy();
      throw error;
    }
  }

  destroy(): void {
    this.owned.forEach((b) => b.destroy());
  }
}
