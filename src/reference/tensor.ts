/** A CHW float tensor for the CPU reference. */
export interface Tensor {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly data: Float32Array;
}

export function tensor(channels: number, height: number, width: number, data?: Float32Array): Tensor {
  const size = channels * height * width;
  if (data && data.length !== size) throw new Error(`tensor data has ${data.length} values, shape needs ${size}`);
  return { channels, height, width, data: data ?? new Float32Array(size) };
}

/** Reflection padding's source index for i in [-1, n]; a size-1 axis reads its only element. */
export function reflect(i: number, n: number): number {
  const r = i < 0 ? -i : i >= n ? 2 * n - 2 - i : i;
  return Math.min(Math.max(r, 0), n - 1);
}
