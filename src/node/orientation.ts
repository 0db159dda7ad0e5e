import type { RgbaImage } from '../api';

/**
 * Turns decoded pixels the way EXIF orientation `o` (1–8) says they are meant to be seen: 2 mirror, 3 rotate 180°,
 * 4 flip, 5 transpose, 6 rotate 90° clockwise, 7 transverse, 8 rotate 90° counter-clockwise. 5–8 swap the sides.
 */
export function applyOrientation(image: RgbaImage, o: number): RgbaImage {
  if (o < 2 || o > 8) return image;
  const { width: w, height: h, data } = image;
  const swaps = o >= 5;
  const width = swaps ? h : w;
  const height = swaps ? w : h;
  const out = new Uint8Array(4 * width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const [sx, sy] = sourceOf(o, x, y, w, h);
      const from = 4 * (sy * w + sx);
      const to = 4 * (y * width + x);
      for (let c = 0; c < 4; c++) out[to + c] = data[from + c]!;
    }
  }
  return { width, height, data: out };
}

/** The stored pixel that displayed pixel (x, y) shows, for a stored image of w × h. */
function sourceOf(o: number, x: number, y: number, w: number, h: number): [number, number] {
  switch (o) {
    case 2:
      return [w - 1 - x, y];
    case 3:
      return [w - 1 - x, h - 1 - y];
    case 4:
      return [x, h - 1 - y];
    case 5:
      return [y, x];
    case 6:
      return [y, h - 1 - x];
    case 7:
      return [w - 1 - y, h - 1 - x];
    default:
      return [w - 1 - y, x]; // 8
  }
}
