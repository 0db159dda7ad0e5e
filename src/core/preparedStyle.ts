import { StyleSwapError } from '../errors';
import type { GpuState } from './gpuState';

/** A style image encoded once and kept on the GPU, for many contents or video frames. */
export interface PreparedStyle {
  /** The size the style image was encoded at (after maxStyleSize). */
  readonly width: number;
  readonly height: number;
  /** The relu3_1 feature map's shape. */
  readonly features: { readonly channels: number; readonly height: number; readonly width: number };
  /** Frees its GPU memory; stylize() refuses it afterwards. Safe to call twice. */
  destroy(): void;
}

let nextId = 1;

/** What the match reads of a style for one (patch size, stride, match space). */
export interface StyleMatchInputs {
  readonly norms: GPUBuffer;
  readonly weightedStyle: GPUBuffer;
  readonly buffers: readonly GPUBuffer[];
}

/** The GPU side of a PreparedStyle: its features and, per (patch size, stride, match space), its match inputs. */
export class GpuPreparedStyle implements PreparedStyle {
  readonly id = nextId++;
  readonly matchInputs = new Map<string, StyleMatchInputs>();
  #destroyed = false;

  constructor(
    readonly state: GpuState,
    readonly width: number,
    readonly height: number,
    readonly features: { channels: number; height: number; width: number },
    readonly buffer: GPUBuffer,
  ) {}

  /** Throws unless this style can be used on `state` (not destroyed, made on the same live device). */
  check(state: GpuState): void {
    if (this.#destroyed) throw new StyleSwapError('destroyed', 'this PreparedStyle was destroyed; prepare the style again');
    if (this.state !== state) {
      throw new StyleSwapError('device-lost', 'this PreparedStyle was made on a GPU device that has since been lost or replaced; prepare the style again');
    }
  }

  /** What plan keys bound to this style contain. */
  get planKey(): string {
    return `:style${this.id}:`;
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.state.plans.dropMatching(this.planKey);
    this.buffer.destroy();
    this.matchInputs.forEach((m) => m.buffers.forEach((b) => b.destroy()));
  }
}

export function isPreparedStyle(value: unknown): value is GpuPreparedStyle {
  return value instanceof GpuPreparedStyle;
}
