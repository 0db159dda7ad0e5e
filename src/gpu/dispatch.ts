import { StyleSwapError } from '../errors';

export type Vec3 = readonly [number, number, number];

/**
 * Workgroup counts that cover `threads` invocations per axis with workgroups of `workgroupSize`, checked against
 * the device's maxComputeWorkgroupsPerDimension (the one place dispatch sizes are computed).
 */
export function workgroupCounts(threads: Vec3, workgroupSize: Vec3, maxPerDimension: number, label: string): Vec3 {
  const counts = threads.map((n, axis) => Math.max(1, Math.ceil(n / workgroupSize[axis]!))) as unknown as Vec3;
  counts.forEach((count, axis) => {
    if (count > maxPerDimension) {
      throw new StyleSwapError(
        'too-large',
        `${label}: ${count} workgroups along axis ${'xyz'[axis]} exceed this device's limit of ${maxPerDimension}`,
      );
    }
  });
  return counts;
}
