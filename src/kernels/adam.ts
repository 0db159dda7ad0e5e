import code from '../../shaders/adam.wgsl';
import type { Dispatch } from '../gpu/dispatch';
import { createDispatch, type KernelContext } from './kernel';
import { wgslConstant } from './wgslConstants';

const WORKGROUP = wgslConstant(code, 'WORKGROUP_SIZE');

export interface AdamSettings {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/** The `step` buffer's bytes for step t (1-based): the settings and both bias corrections. */
export function adamStepBytes(settings: AdamSettings, t: number): Float32Array {
  const { learningRate, beta1, beta2, epsilon } = settings;
  return new Float32Array([learningRate, beta1, beta2, epsilon, 1 / (1 - beta1 ** t), 1 / (1 - beta2 ** t)]);
}

/** One Adam step on `image` (then clamped to [0, 1]), its settings and bias corrections read from `step`. */
export function adam(
  context: KernelContext,
  count: number,
  buffers: { step: GPUBuffer; grad: GPUBuffer; m: GPUBuffer; v: GPUBuffer; image: GPUBuffer },
): Promise<Dispatch> {
  return createDispatch(context, {
    label: 'adam',
    kernel: { name: 'adam', code, constants: {} },
    workgroupSize: [WORKGROUP, 1, 1],
    params: { count },
    buffers,
    threads: [count, 1, 1],
  });
}
