import matchCode from '../../shaders/match.wgsl';
import reduceCode from '../../shaders/match_reduce.wgsl';
import { createDispatch, type Dispatch, type KernelContext } from './kernel';
import type { SwapGeometry } from './swapGeometry';
import { wgslConstant } from './wgslConstants';

const WINDOWS = wgslConstant(matchCode, 'WINDOWS');
const STYLE_STEP = wgslConstant(matchCode, 'STYLE_STEP');
const REDUCE_WORKGROUP = 64;

/**
 * How many parts the style range is split into: enough workgroups to fill the device (tuning.matchInvocations
 * in flight), never a part shorter than one step.
 */
export function matchSplits(g: SwapGeometry, targetInvocations: number): { splits: number; perSplit: number } {
  const invocations = Math.ceil(g.contentWindows / WINDOWS);
  const wanted = Math.max(1, Math.min(Math.ceil(targetInvocations / invocations), Math.ceil(g.styleWindows / STYLE_STEP)));
  const perSplit = Math.ceil(g.styleWindows / wanted / STYLE_STEP) * STYLE_STEP;
  return { splits: Math.ceil(g.styleWindows / perSplit), perSplit };
}

export interface MatchBuffers {
  readonly content: GPUBuffer;
  readonly style: GPUBuffer;
  readonly channelWeights: GPUBuffer;
  readonly norms: GPUBuffer;
  readonly partialScores: GPUBuffer; // [splits][nc] f32
  readonly partialIndices: GPUBuffer; // [splits][nc] u32
  readonly bestScore: GPUBuffer; // [nc] f32
  readonly argmax: GPUBuffer; // [nc] i32
}

/** The fused match (scores never stored) and the reduction over style splits. */
export async function match(context: KernelContext, g: SwapGeometry, splits: { splits: number; perSplit: number }, b: MatchBuffers): Promise<Dispatch[]> {
  const workgroup = context.tuning.matchWorkgroup;
  return Promise.all([
    createDispatch(context, {
      label: 'match',
      kernel: { name: 'match', code: matchCode, constants: { WORKGROUP_SIZE: workgroup, PATCH: g.patchSize } },
      workgroupSize: [workgroup, 1, 1],
      params: [
        g.channels,
        g.content.height,
        g.content.width,
        g.style.height,
        g.style.width,
        g.stride,
        g.contentCols,
        g.contentWindows,
        g.styleCols,
        g.styleWindows,
        splits.perSplit,
      ],
      buffers: [b.content, b.style, b.channelWeights, b.norms, b.partialScores, b.partialIndices],
      threads: [Math.ceil(g.contentWindows / WINDOWS), splits.splits, 1],
    }),
    createDispatch(context, {
      label: 'match_reduce',
      kernel: { name: 'match_reduce', code: reduceCode, constants: { WORKGROUP_SIZE: REDUCE_WORKGROUP } },
      workgroupSize: [REDUCE_WORKGROUP, 1, 1],
      params: [g.contentWindows, splits.splits],
      buffers: [b.partialScores, b.partialIndices, b.bestScore, b.argmax],
      threads: [g.contentWindows, 1, 1],
    }),
  ]);
}

/** FLOPs of the correlation (2 per multiply-add), for the benchmark's GFLOP/s. */
export function matchFlops(g: SwapGeometry): number {
  return 2 * g.contentWindows * g.styleWindows * g.channels * g.patchSize * g.patchSize;
}
