import type { MatchedContent, RenderOptions, StylizeResult, StylizeTargetResult } from '../api';
import { PlanCache, type Plan } from '../gpu/planCache';
import type { MatchedMaps, RenderPlan } from '../model/stylizeGraph';
import type { GpuState } from './gpuState';
import { checkUsable } from './validate';

/** Render plans kept per matched content: read back, and into one texture layout. */
const RENDER_PLANS = 2;

/**
 * The GPU side of a MatchedContent: its maps (content RGB, alpha and features, swapped features, controls) and its
 * render plans, which are bound to the scratch arena and dropped with the other plans when it grows.
 */
/** How a matched content is rendered: the instance's render, which checks the options and runs the plan. */
export type MatchRenderer = (match: GpuMatch, options?: RenderOptions) => Promise<StylizeResult | StylizeTargetResult>;

export class GpuMatch implements MatchedContent {
  readonly plans = new PlanCache<RenderPlan>(RENDER_PLANS);
  #destroyed = false;

  constructor(
    /** The instance that made it: no other may render it. */
    readonly owner: object,
    readonly state: GpuState,
    readonly size: { readonly width: number; readonly height: number; readonly padded: { width: number; height: number } },
    readonly features: { readonly height: number; readonly width: number },
    readonly maps: MatchedMaps,
    private readonly mapsPlan: Plan,
    private readonly renderer: MatchRenderer,
  ) {
    state.planOwners.add(this);
  }

  get width(): number {
    return this.size.width;
  }

  get height(): number {
    return this.size.height;
  }

  render(options: RenderOptions & { target: GPUTexture }): Promise<StylizeTargetResult>;
  render(options?: RenderOptions): Promise<StylizeResult>;
  render(options?: RenderOptions): Promise<StylizeResult | StylizeTargetResult> {
    return this.renderer(this, options);
  }

  /** Throws unless `owner` may render this on `state`: not destroyed, its own, made on the same live device. */
  check(owner: object, state: GpuState): void {
    checkUsable({ what: 'MatchedContent', redo: 'match the content again', destroyed: this.#destroyed, owner: this.owner, state: this.state }, owner, state);
  }

  destroy(): void {
    if (this.#destroyed) return;
    this.#destroyed = true;
    this.state.planOwners.delete(this);
    this.plans.destroyAll();
    this.mapsPlan.destroy();
  }
}
