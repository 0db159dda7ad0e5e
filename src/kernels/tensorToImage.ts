import code from '../../shaders/tensor_to_image.wgsl';
import { createDispatch, placeholderBuffer, type KernelContext } from './kernel';
import type { Dispatch } from '../gpu/dispatch';

type Size = { readonly width: number; readonly height: number };

/** Where the decoded RGB goes: the crop to keep, the row pitch and the byte order. */
export interface ImageOutputLayout {
  readonly tensor: Size;
  readonly output: Size; // the window kept: the top-left crop, or (with `origin`) a tile's core
  readonly rowPixels: number; // ≥ output width
  readonly bgra: boolean;
  /** Where the window's top-left lies in the tensor. Default (0, 0). */
  readonly origin?: { readonly x: number; readonly y: number };
}

export const plainOutput = (size: Size): ImageOutputLayout => ({ tensor: size, output: size, rowPixels: size.width, bgra: false });

/** What tensor_to_image may add to the decoded RGB: the content's alpha, and the colour step. */
export interface ImageOutputExtras {
  /** [tensor h, tensor w] f32 in [0,1]: the output's alpha (else opaque). */
  readonly alpha?: GPUBuffer;
  /** The content's RGB (laid out like the input) and the controls buffer: the colour step runs when it says so. */
  readonly color?: { readonly content: GPUBuffer; readonly controls: GPUBuffer };
}

/**
 * Planar RGB → RGBA8/BGRA8 (one u32 per pixel), clamped to [0,1] and rounded, cropped to `output`; with `extras`,
 * the content's alpha and colour.
 */
export function tensorToImage(
  context: KernelContext,
  label: string,
  layout: ImageOutputLayout,
  input: GPUBuffer,
  pixels: GPUBuffer,
  extras: ImageOutputExtras = {},
): Promise<Dispatch> {
  const { alpha, color } = extras;
  const [wx, wy] = context.launch.workgroup;
  const { tensor, output } = layout;
  return createDispatch(context, {
    label,
    kernel: {
      name: 'tensor_to_image',
      code,
      constants: { WORKGROUP_X: wx, WORKGROUP_Y: wy, BGRA: Number(layout.bgra), ALPHA: Number(!!alpha), COLOR: Number(!!color) },
    },
    workgroupSize: [wx, wy, 1],
    params: {
      tensor_width: tensor.width,
      tensor_height: tensor.height,
      out_width: output.width,
      out_height: output.height,
      out_row_pixels: layout.rowPixels,
      tensor_x: layout.origin?.x ?? 0,
      tensor_y: layout.origin?.y ?? 0,
    },
    buffers: {
      input,
      pixels,
      alpha: alpha ?? placeholderBuffer(context, `${label}.no_alpha`),
      content: color?.content ?? placeholderBuffer(context, `${label}.no_color`),
      controls: color?.controls ?? placeholderBuffer(context, `${label}.no_controls`),
    },
    threads: [output.width, output.height, 1],
  });
}
