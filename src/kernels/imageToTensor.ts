import code from '../../shaders/image_to_tensor.wgsl';
import { createDispatch, placeholderBuffer, type Dispatch, type KernelContext } from './kernel';

type Size = { readonly width: number; readonly height: number };

/** How source pixels become the encoder's input tensor. */
export interface ImageInputLayout {
  /** The pixels as stored. */
  readonly source: Size;
  /** u32s between source rows (≥ source width; texture copies pad rows to 256 bytes). */
  readonly rowPixels: number;
  /** Box-filtered to this size (≤ source). */
  readonly scaled: Size;
  /** Then reflection-padded to this size (≥ scaled). */
  readonly padded: Size;
  /** The u32s hold BGRA rather than RGBA. */
  readonly bgra: boolean;
}

/**
 * RGBA8/BGRA8 (one u32 per pixel) → planar RGB [3, padded h, padded w] in [0,1], downscaled and padded; with
 * `alpha`, the downscaled alpha [scaled h, scaled w] too.
 */
export function imageToTensor(context: KernelContext, label: string, layout: ImageInputLayout, pixels: GPUBuffer, output: GPUBuffer, alpha?: GPUBuffer): Promise<Dispatch> {
  const [wx, wy] = context.tuning.workgroup;
  const { source, scaled, padded } = layout;
  return createDispatch(context, {
    label,
    kernel: { name: 'image_to_tensor', code, constants: { WORKGROUP_X: wx, WORKGROUP_Y: wy, BGRA: Number(layout.bgra), ALPHA: Number(!!alpha) } },
    workgroupSize: [wx, wy, 1],
    params: [source.width, source.height, layout.rowPixels, scaled.width, scaled.height, padded.width, padded.height],
    buffers: [pixels, output, alpha ?? placeholderBuffer(context, `${label}.no_alpha`)],
    threads: [padded.width, padded.height, 1],
  });
}
