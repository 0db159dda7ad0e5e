import code from '../../shaders/strength.wgsl';
import type { Dispatch } from '../gpu/dispatch';
import { createDispatch, type KernelContext } from './kernel';

const WORKGROUP = 64;

/** The stylization controls a run reads from its controls buffer (written before each run). */
export interface RenderControls {
  /** α ∈ [0, 1]: how much of the swapped features to keep (the rest is the content's). */
  readonly strength: number;
  /** Keep the stylized luminance and restore the content's chroma. */
  readonly preserveColor: boolean;
}

/** The controls buffer's bytes: { strength: f32, preserve_color: u32 }, as strength.wgsl and tensor_to_image.wgsl read them. */
export function controlsBytes(controls: RenderControls): ArrayBuffer {
  const bytes = new ArrayBuffer(8);
  new Float32Array(bytes, 0, 1)[0] = controls.strength;
  new Uint32Array(bytes, 4, 1)[0] = controls.preserveColor ? 1 : 0;
  return bytes;
}

/** mixed = α·swapped + (1 − α)·content, with α from `controls` at run time. */
export function strength(
  context: KernelContext,
  shape: { channels: number; height: number; width: number },
  b: { controls: GPUBuffer; content: GPUBuffer; swapped: GPUBuffer; mixed: GPUBuffer },
): Promise<Dispatch> {
  const pixels = shape.height * shape.width;
  return createDispatch(context, {
    label: 'strength',
    kernel: { name: 'strength', code, constants: { WORKGROUP_SIZE: WORKGROUP } },
    workgroupSize: [WORKGROUP, 1, 1],
    params: { pixels, channels: shape.channels },
    buffers: b,
    threads: [pixels, shape.channels, 1],
  });
}
