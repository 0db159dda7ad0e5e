import type { PreparedStyle } from '../api';
import { PlanCache } from '../gpu/planCache';
import type { StylizePlan } from '../model/stylizeGraph';
import type { MatchRoute, StyleProjection } from '../model/swapStage';
import type { TilePlan } from '../model/tileGraph';
import type { GpuState } from './gpuState';
import { checkUsable } from './validate';

/** Stylize (or tile) plans kept per style: a content size and a second one (two video resolutions, say). */
const PLANS_PER_STYLE = 2;

/** What the match reads of a style for one set of swap options (model/swapStage.ts), and every buffer it holds. */
export interface StyleMatchInputs {
  readonly route: MatchRoute;
  readonly norms: GPUBuffer;
  readonly weightedStyle: GPUBuffer;
  readonly windows?: GPUBuffer;
  readonly projection?: StyleProjection;
  readonly buffers: readonly GPUBuffer[];
}

/**
 * The GPU side of a PreparedStyle: its features, its match inputs per (patch size, stride, match space), and the
 * stylize plans bound to it, which go with it.
 */
export class GpuPreparedStyle implements PreparedStyle {
  readonly matchInputs = new Map<string, StyleMatchInputs>();
  readonly plans = new PlanCache<StylizePlan | TilePlan>(PLANS_PER_STYLE);
  #destroyed = false;

  constructor(
    /** The instance that made it: no other may use it. */
    readonly owner: object,
    readonly state: GpuState,
    readonly width: number,
    readonly height: number,
    readonly features: { channels: number; height: number; width: number },
    readonly buffer: GPUBuffer,
  ) {
    state.planOwners.add(this);
  }

  /** Throws unless `owner` may use this style on `state`: not destroyed, its own, made on the same live device. */
  check(owner: object, state: GpuState): void {
    checkUsable({ what: 'PreparedStyle', redo: 'prepare the style again', destroyed: this.#destroyed, owner: this.owner, state: this.state }, owner, state);
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.state.planOwners.delete(this);
    this.plans.destroyAll();
    this.buffer.destroy();
    this.matchInputs.forEach((m) => m.buffers.forEach((b) => b.destroy()));
  }
}

export function isPreparedStyle(value: unknown): value is GpuPreparedStyle {
  return value instanceof GpuPreparedStyle;
}
