import { StyleSwapError } from '../errors';

export type Vec3 = readonly [number, number, number];

/** One recorded kernel launch: everything is bound at plan time, so a run only dispatches. */
export interface Dispatch {
  readonly label: string;
  readonly pipeline: GPUComputePipeline;
  readonly bindGroup: GPUBindGroup;
  readonly workgroups: Vec3;
}

/**
 * Workgroup counts that cover `threads` invocations per axis with workgroups of `workgroupSize`, checked against
 * the device's maxComputeWorkgroupsPerDimension (the one place dispatch sizes are computed).
 */
export function workgroupCounts(threads: Vec3, workgroupSize: Vec3, maxPerDimension: number, label: string): Vec3 {
  const counts = threads.map((n, axis) => Math.max(1, Math.ceil(n / workgroupSize[axis]!))) as unknown as Vec3;
  counts.forEach((count, axis) => {
    if (count > maxPerDimension) {
      throw new StyleSwapError('too-large', `${label}: ${count} workgroups along axis ${'xyz'[axis]} exceed this device's limit of ${maxPerDimension}`);
    }
  });
  return counts;
}

/** Records dispatches into one compute pass, each in a debug group named after its layer. */
export function encodeDispatches(encoder: GPUCommandEncoder, dispatches: readonly Dispatch[], label: string): void {
  const pass = encoder.beginComputePass({ label });
  for (const d of dispatches) {
    pass.pushDebugGroup(d.label);
    pass.setPipeline(d.pipeline);
    pass.setBindGroup(0, d.bindGroup);
    pass.dispatchWorkgroups(...d.workgroups);
    pass.popDebugGroup();
  }
  pass.end();
}
