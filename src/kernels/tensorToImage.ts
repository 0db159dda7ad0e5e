import code from '../../shaders/tensor_to_image.wgsl';
import { createDispatch, placeholderBuffer, type KernelContext } from './kernel';
import type { Dispatch } from '../gpu/dispatch';

type Size = { readonly width: number; readonly height: number };

/** Where the decoded RGB goes: the crop to keep, the row pitch and the byte order. */
export interface ImageOutputLayout {
  readonly tensor: Size;
  readonly output: Size; // ≤ tensor: the top-left crop
  readonly rowPixels: number; // ≥ output width
  readonly bgra: boolean;
}

export const plainOutput = (size: Size): ImageOutputLayout => ({ tensor: size, output: size, rowPixels: size.width, bgra: false });

/**
 * Planar RGB → RGBA8/BGRA8 (one u32 per pixel), clamped to [0,1] and rounded, cropped to `output`; alpha from
 * `alpha` ([output h, output w] f32) when given, else opaque.
 */
export function tensorToImage(context: KernelContext, label: string, layout: ImageOutputLayout, input: GPUBuffer, pixels: GPUBuffer, alpha?: GPUBuffer): Promise<Dispatch> {
  const [wx, wy] = context.tuning.workgroup;
  const { tensor, output } = layout;
  return createDispatch(context, {
    label,
    kernel: { name: 'tensor_to_image', code, constants: { WORKGROUP_X: wx, WORKGROUP_Y: wy, BGRA: Number(layout.bgra), ALPHA: Number(!!alpha) } },
    workgroupSize: [wx, wy, 1],
    params: { tensor_width: tensor.width, tensor_height: tensor.height, out_width: output.width, out_height: output.height, out_row_pixels: layout.rowPixels },
    buffers: { input, pixels, alpha: alpha ?? placeholderBuffer(context, `${label}.no_alpha`) },
    threads: [output.width, output.height, 1],
  });
}
