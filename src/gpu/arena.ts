import { createWorkBuffer } from './buffers';

/**
 * The two scratch buffers every network stage ping-pongs through. Calls on an instance run one at a time (one
 * queue), so the content encoder, the style encoder and the inverse net all share them: GPU memory is the largest
 * stage's need, not the sum. Growing replaces both buffers and bumps `generation`, which invalidates every plan
 * bound to the old ones.
 */
export class ScratchArena {
  large: GPUBuffer | null = null;
  small: GPUBuffer | null = null;
  generation = 0;

  constructor(private readonly device: GPUDevice) {}

  /** Makes both buffers at least this big (`purpose` names the call in errors); returns whether they were replaced. */
  ensure(largeBytes: number, smallBytes: number, purpose: string): boolean {
    if (this.large && this.small && this.large.size >= largeBytes && this.small.size >= smallBytes) return false;
    const large = createWorkBuffer(this.device, `scratch for ${purpose}`, Math.max(largeBytes, this.large?.size ?? 0));
    let small: GPUBuffer;
    try {
      small = createWorkBuffer(this.device, `second scratch for ${purpose}`, Math.max(smallBytes, this.small?.size ?? 0));
    } catch (error) {
      large.destroy();
      throw error;
    }
    this.destroy();
    this.large = large;
    this.small = small;
    this.generation++;
    return true;
  }

  get bytes(): number {
    return (this.large?.size ?? 0) + (this.small?.size ?? 0);
  }

  destroy(): void {
    this.large?.destroy();
    this.small?.destroy();
    this.large = this.small = null;
  }
}
