import accumulateCode from '../../shaders/blend_accumulate.wgsl';
import resolveCode from '../../shaders/blend_resolve.wgsl';
import maskPoolCode from '../../shaders/mask_pool.wgsl';
import type { Dispatch } from '../gpu/dispatch';
import { createDispatch, placeholderBuffer, type KernelContext } from './kernel';

const WORKGROUP = 64;
type Features = { readonly channels: number; readonly height: number; readonly width: number };

/** A mask image (converted like the content: [3, 4h, 4w] RGB) → its mean luma per 4×4 block, [h, w]. */
export function maskPool(context: KernelContext, features: Features, rgb: GPUBuffer, mask: GPUBuffer): Promise<Dispatch> {
  const [wx, wy] = context.launch.workgroup;
  return createDispatch(context, {
    label: 'mask_pool',
    kernel: { name: 'mask_pool', code: maskPoolCode, constants: { WORKGROUP_X: wx, WORKGROUP_Y: wy } },
    workgroupSize: [wx, wy, 1],
    params: { width: 4 * features.width, height: 4 * features.height, out_width: features.width, out_height: features.height },
    buffers: { rgb, mask },
    threads: [features.width, features.height, 1],
  });
}

/** The f32 bits of `value`, for a u32 params field. */
const f32Bits = (value: number) => new Uint32Array(Float32Array.of(value).buffer)[0]!;

/** acc (+)= w·m·swapped, den (+)= w·m for one style of a mix; `first` starts the sums. */
export function blendAccumulate(
  context: KernelContext,
  features: Features,
  style: { readonly weight: number; readonly mask?: GPUBuffer; readonly first: boolean },
  b: { readonly swapped: GPUBuffer; readonly acc: GPUBuffer; readonly den: GPUBuffer },
): Promise<Dispatch> {
  const pixels = features.height * features.width;
  return createDispatch(context, {
    label: 'blend_accumulate',
    kernel: { name: 'blend_accumulate', code: accumulateCode, constants: { WORKGROUP_SIZE: WORKGROUP, MASK: Number(!!style.mask) } },
    workgroupSize: [WORKGROUP, 1, 1],
    params: { pixels, channels: features.channels, first: Number(style.first), weight_bits: f32Bits(style.weight) },
    buffers: { ...b, mask: style.mask ?? placeholderBuffer(context, 'blend_accumulate.no_mask') },
    threads: [pixels, features.channels, 1],
  });
}

/** mixed = acc / den, or the content's features where den = 0. */
export function blendResolve(
  context: KernelContext,
  features: Features,
  b: { acc: GPUBuffer; den: GPUBuffer; content: GPUBuffer; mixed: GPUBuffer },
): Promise<Dispatch> {
  const pixels = features.height * features.width;
  return createDispatch(context, {
    label: 'blend_resolve',
    kernel: { name: 'blend_resolve', code: resolveCode, constants: { WORKGROUP_SIZE: WORKGROUP } },
    workgroupSize: [WORKGROUP, 1, 1],
    params: { pixels, channels: features.channels },
    buffers: b,
    threads: [pixels, features.channels, 1],
  });
}
