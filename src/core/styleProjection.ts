// The approximate match's projection of a style: W Wᵀ of its weighted features on the GPU, read back (channels²
// floats), its leading eigenvectors on the CPU (model/principalBasis.ts), and the style projected onto them on the
// GPU. Once per prepared style and match options; a swap() of CPU feature maps makes one per call.
import { createStorageBuffer, stageReadback } from '../gpu/buffers';
import { APPROXIMATE_RANK, projectStyle, secondMoment } from '../kernels/approximateMatch';
import { paddedStylePixels } from '../kernels/match';
import type { SwapGeometry } from '../kernels/swapGeometry';
import { PlanBuilder } from '../model/plan';
import { principalBasis } from '../model/principalBasis';
import type { StyleProjection } from '../model/swapStage';
import { run } from './callRun';
import type { GpuState } from './gpuState';

const FAST = { mode: 'fast', control: {} } as const;

/** The projection of `weightedStyle` (the style's match input for `g`); the caller owns both buffers. */
export async function styleProjection(state: GpuState, g: SwapGeometry, weightedStyle: GPUBuffer): Promise<StyleProjection> {
  const b = new PlanBuilder(state.device, state.launch);
  const momentBytes = 4 * g.channels * g.channels;
  try {
    const moment = b.buffer('style.second_moment', momentBytes);
    const measured = await run(state, FAST, {
      label: 'style projection',
      stages: [{ name: 'style second moment', dispatches: [await secondMoment(b.context, g, weightedStyle, moment)] }],
      finish: (encoder) => stageReadback(state.device, encoder, moment, momentBytes),
    });
    const basisValues = principalBasis(new Float32Array(await measured.result.read()), g.channels, APPROXIMATE_RANK);
    const basis = createStorageBuffer(state.device, 'style.projection_basis', basisValues);
    b.owned.push(basis);
    const projectedStyle = b.buffer('style.projected', 4 * APPROXIMATE_RANK * paddedStylePixels(g));
    await run(state, FAST, {
      label: 'style projection',
      stages: [{ name: 'style projection', dispatches: [await projectStyle(b.context, g, basis, weightedStyle, projectedStyle)] }],
      finish: () => null,
    });
    moment.destroy();
    return { basis, projectedStyle };
  } catch (error) {
    b.destroy();
    throw error;
  }
}
