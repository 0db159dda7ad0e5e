import type { ImageInputLayout } from '../kernels/imageToTensor';
import type { ImageOutputLayout } from '../kernels/tensorToImage';
import { tensor, type Tensor } from './tensor';

const reflectInto = (i: number, n: number) => (i < n ? i : Math.min(2 * n - 2 - Math.min(i, 2 * n - 2), n - 1));

/** Box-filtered RGBA (0..255) of scaled pixel (x, y): the area-weighted mean of the source pixels it covers. */
function boxFiltered(words: Uint32Array, layout: ImageInputLayout, x: number, y: number): number[] {
  const { source, scaled } = layout;
  const fx = source.width / scaled.width;
  const fy = source.height / scaled.height;
  const [x0, x1, y0, y1] = [x * fx, Math.min((x + 1) * fx, source.width), y * fy, Math.min((y + 1) * fy, source.height)];
  const sum = [0, 0, 0, 0];
  let area = 0;
  for (let sy = Math.floor(y0); sy < y1; sy++) {
    const wy = Math.min(y1, sy + 1) - Math.max(y0, sy);
    for (let sx = Math.floor(x0); sx < x1; sx++) {
      const w = wy * (Math.min(x1, sx + 1) - Math.max(x0, sx));
      const v = words[sy * layout.rowPixels + sx]!;
      const rgba = [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, v >>> 24];
      if (layout.bgra) [rgba[0], rgba[2]] = [rgba[2]!, rgba[0]!];
      for (let c = 0; c < 4; c++) sum[c]! += w * rgba[c]!;
      area += w;
    }
  }
  return sum.map((v) => v / area);
}

/**
 * The image_to_tensor kernel's whole job: u32 pixels (rows `rowPixels` apart, RGBA or BGRA) box-filtered from the
 * source size to the scaled size, then reflection-padded to the padded size.
 */
export function layoutToTensor(words: Uint32Array, layout: ImageInputLayout): Tensor {
  const { padded } = layout;
  const out = tensor(3, padded.height, padded.width);
  const plane = padded.width * padded.height;
  forEachPixel(words, layout, (i, rgba) => {
    for (let c = 0; c < 3; c++) out.data[c * plane + i] = rgba[c]! / 255;
  });
  return out;
}

/** image_to_tensor's alpha output: the box-filtered alpha in [0,1], laid out like one plane of the tensor. */
export function layoutToAlpha(words: Uint32Array, layout: ImageInputLayout): Float32Array {
  const out = new Float32Array(layout.padded.width * layout.padded.height);
  forEachPixel(words, layout, (i, rgba) => (out[i] = rgba[3]! / 255));
  return out;
}

/** Each tensor pixel (index i) with the box-filtered RGBA of the scaled pixel it shows, through the padding's reflection. */
function forEachPixel(words: Uint32Array, layout: ImageInputLayout, visit: (i: number, rgba: number[]) => void): void {
  const { scaled, padded, origin = { x: 0, y: 0 } } = layout;
  for (let oy = 0; oy < padded.height; oy++) {
    for (let ox = 0; ox < padded.width; ox++) {
      visit(oy * padded.width + ox, boxFiltered(words, layout, reflectInto(ox + origin.x, scaled.width), reflectInto(oy + origin.y, scaled.height)));
    }
  }
}

/**
 * The tensor_to_image kernel's whole job: crop (the window at `origin`), clamp, round, pack as RGBA or BGRA u32s
 * `rowPixels` apart; alpha from `alpha` ([tensor h, tensor w] in [0,1]) when given, else 255.
 */
export function tensorToLayout(input: Tensor, layout: ImageOutputLayout, alpha?: Float32Array): Uint32Array {
  const { tensor: t, output, origin = { x: 0, y: 0 } } = layout;
  const words = new Uint32Array(layout.rowPixels * output.height);
  const plane = t.width * t.height;
  const byte = (v: number) => Math.round(Math.min(Math.max(v, 0), 1) * 255);
  for (let y = 0; y < output.height; y++) {
    for (let x = 0; x < output.width; x++) {
      const i = (y + origin.y) * t.width + x + origin.x;
      const rgb = [byte(input.data[i]!), byte(input.data[plane + i]!), byte(input.data[2 * plane + i]!)];
      if (layout.bgra) rgb.reverse();
      const a = alpha ? byte(alpha[i]!) : 255;
      words[y * layout.rowPixels + x] = (rgb[0]! | (rgb[1]! << 8) | (rgb[2]! << 16) | (a << 24)) >>> 0;
    }
  }
  return words;
}
