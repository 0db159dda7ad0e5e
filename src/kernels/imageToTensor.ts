import code from '../../shaders/image_to_tensor.wgsl';
import { createDispatch, placeholderBuffer, type KernelContext } from './kernel';
import type { Dispatch } from '../gpu/dispatch';

type Size = { readonly width: number; readonly height: number };

/** How source pixels become the encoder's input tensor. */
export interface ImageInputLayout {
  /** The pixels as stored. */
  readonly source: Size;
  /** u32s between source rows (≥ source width; texture copies pad rows to 256 bytes). */
  readonly rowPixels: number;
  /** Box-filtered to this size (≤ source). */
  readonly scaled: Size;
  /**
   * The tensor's size: the scaled image reflection-padded to a multiple of 4, or (with `origin`) the window of that
   * padded image which one tile encodes.
   */
  readonly padded: Size;
  /** Where the tensor's top-left pixel lies in the padded image (a tile's window). Default (0, 0). */
  readonly origin?: { readonly x: number; readonly y: number };
  /** The u32s hold BGRA rather than RGBA. */
  readonly bgra: boolean;
}

/** A horizontal strip of a large image: the source rows it uploads and the output rows computed from them. */
export interface ImageStrip {
  readonly srcFirstRow: number;
  readonly srcRows: number;
  readonly outFirstRow: number;
  readonly outRows: number;
}

const reflectInto = (i: number, n: number) => (i < n ? i : Math.min(2 * n - 2 - Math.min(i, 2 * n - 2), n - 1));

/**
 * Source rows [first, end) that padded output row y reads: its scaled row's footprint, widened by a row on each
 * side because the shader computes the footprint in f32 and may round its ends the other way.
 */
function sourceRowsOf(layout: ImageInputLayout, y: number): [number, number] {
  const { source, scaled } = layout;
  const row = reflectInto(y + (layout.origin?.y ?? 0), scaled.height);
  const fy = source.height / scaled.height;
  return [Math.max(0, Math.floor(row * fy) - 1), Math.min(source.height, Math.ceil((row + 1) * fy) + 1)];
}

/**
 * Splits the output rows into strips whose source rows number at most `maxSourceRows` each (a strip holds at least
 * one output row, whatever it needs). A small image is one strip: the whole source.
 */
export function imageStrips(layout: ImageInputLayout, maxSourceRows: number): ImageStrip[] {
  const strips: ImageStrip[] = [];
  for (let y = 0; y < layout.padded.height;) {
    let [first, end] = sourceRowsOf(layout, y);
    let next = y + 1;
    for (; next < layout.padded.height; next++) {
      const [f, e] = sourceRowsOf(layout, next);
      if (Math.max(end, e) - Math.min(first, f) > maxSourceRows) break;
      [first, end] = [Math.min(first, f), Math.max(end, e)];
    }
    strips.push({ srcFirstRow: first, srcRows: end - first, outFirstRow: y, outRows: next - y });
    y = next;
  }
  return strips;
}

/** The one strip of an image converted in a single pass. */
const wholeImage = (layout: ImageInputLayout): ImageStrip => ({ srcFirstRow: 0, srcRows: layout.source.height, outFirstRow: 0, outRows: layout.padded.height });

/**
 * RGBA8/BGRA8 (one u32 per pixel) → planar RGB [3, padded h, padded w] in [0,1], downscaled and padded; with
 * `alpha`, the downscaled alpha [padded h, padded w] too. `strip` says which source rows `pixels` holds and which
 * output rows to compute (default: all of them).
 */
export function imageToTensor(
  context: KernelContext,
  label: string,
  layout: ImageInputLayout,
  pixels: GPUBuffer,
  output: GPUBuffer,
  alpha?: GPUBuffer,
  strip: ImageStrip = wholeImage(layout),
): Promise<Dispatch> {
  const [wx, wy] = context.launch.workgroup;
  const { source, scaled, padded } = layout;
  return createDispatch(context, {
    label,
    kernel: { name: 'image_to_tensor', code, constants: { WORKGROUP_X: wx, WORKGROUP_Y: wy, BGRA: Number(layout.bgra), ALPHA: Number(!!alpha) } },
    workgroupSize: [wx, wy, 1],
    params: {
      src_width: source.width,
      src_height: source.height,
      src_row_pixels: layout.rowPixels,
      scaled_width: scaled.width,
      scaled_height: scaled.height,
      out_width: padded.width,
      out_height: padded.height,
      src_first_row: strip.srcFirstRow,
      out_first_row: strip.outFirstRow,
      out_rows: strip.outRows,
      crop_x: layout.origin?.x ?? 0,
      crop_y: layout.origin?.y ?? 0,
    },
    buffers: { pixels, output, alpha: alpha ?? placeholderBuffer(context, `${label}.no_alpha`) },
    threads: [padded.width, strip.outRows, 1],
  });
}
