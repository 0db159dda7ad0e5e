import { createWorkBuffer } from './buffers';

/** The scratch buffers: two that every network stage ping-pongs through, and the match's band of Gram rows. */
export type ScratchSlot = 'large' | 'small' | 'gram';
export type ScratchNeed = Partial<Record<ScratchSlot, number>>;

/**
 * Scratch buffers shared by every call of an instance. Calls run one at a time (one queue), so the content
 * encoder, the style encoder, the match and the inverse net all reuse them: GPU memory is the largest stage's
 * need, not the sum. Growing a slot replaces its buffer, which invalidates every plan bound to the old one (the
 * caller drops them: GpuState.ensureScratch).
 */
export class ScratchArena {
  readonly #buffers = new Map<ScratchSlot, GPUBuffer>();
  constructor(private readonly device: GPUDevice) {}

  /** The buffer of a slot (ensure() it first). */
  get(slot: ScratchSlot): GPUBuffer {
    const buffer = this.#buffers.get(slot);
    if (!buffer) throw new Error(`scratch slot ${slot} used before ensure()`);
    return buffer;
  }

  /**
   * Makes each slot at least as big as `need` says (`purpose` names the call in errors); returns whether any grew.
   * All new buffers are made before any old one is replaced, so a failure leaves the arena (and the plans bound to
   * it) as they were.
   */
  ensure(need: ScratchNeed, purpose: string): boolean {
    const grown: [ScratchSlot, GPUBuffer][] = [];
    try {
      for (const [slot, bytes] of Object.entries(need) as [ScratchSlot, number][]) {
        const current = this.#buffers.get(slot);
        if (!current || current.size < bytes) grown.push([slot, createWorkBuffer(this.device, `scratch (${slot}) for ${purpose}`, bytes)]);
      }
    } catch (error) {
      grown.forEach(([, buffer]) => buffer.destroy());
      throw error;
    }
    for (const [slot, buffer] of grown) {
      this.#buffers.get(slot)?.destroy();
      this.#buffers.set(slot, buffer);
    }
    return grown.length > 0;
  }

  get bytes(): number {
    return [...this.#buffers.values()].reduce((sum, b) => sum + b.size, 0);
  }

  destroy(): void {
    this.#buffers.forEach((b) => b.destroy());
    this.#buffers.clear();
  }
}
