// Benchmark inputs: the bundled CC0 samples, box-filtered to a square size (upscaled past their ~256 px: the timings
// depend on the size, not on what the pixels show).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { boxResize } from '../scripts/boxResize.mjs';

const read = (name) => PNG.sync.read(readFileSync(join('examples/samples', `${name}.png`)));

/** `name`'s top-left square, box-filtered to size × size RGBA8. */
export function benchImage(name, size) {
  const src = read(name);
  const side = Math.min(src.width, src.height);
  return boxResize(src, size, size, { x: 0, y: 0, w: side, h: side });
}

/** The whole of sample `name` at width × height RGBA8: box-filtered down, or bilinearly interpolated up. */
export function sampleImage(name, width, height) {
  const src = read(name);
  return width <= src.width && height <= src.height ? boxResize(src, width, height) : bilinear(src, width, height);
}

/** Bilinear interpolation of RGBA8 `src` to width × height (pixel centres aligned, edges clamped). */
function bilinear(src, width, height) {
  const data = new Uint8Array(4 * width * height);
  const at = (x, y, c) => src.data[4 * (y * src.width + x) + c];
  for (let y = 0; y < height; y++) {
    const sy = Math.min(Math.max(((y + 0.5) * src.height) / height - 0.5, 0), src.height - 1);
    const [y0, fy] = [Math.floor(sy), sy - Math.floor(sy)];
    const y1 = Math.min(y0 + 1, src.height - 1);
    for (let x = 0; x < width; x++) {
      const sx = Math.min(Math.max(((x + 0.5) * src.width) / width - 0.5, 0), src.width - 1);
      const [x0, fx] = [Math.floor(sx), sx - Math.floor(sx)];
      const x1 = Math.min(x0 + 1, src.width - 1);
      for (let c = 0; c < 4; c++) {
        const top = at(x0, y0, c) * (1 - fx) + at(x1, y0, c) * fx;
        const bottom = at(x0, y1, c) * (1 - fx) + at(x1, y1, c) * fx;
        data[4 * (y * width + x) + c] = Math.round(top * (1 - fy) + bottom * fy);
      }
    }
  }
  return { width, height, data };
}

export function writePng(path, image) {
  const png = new PNG({ width: image.width, height: image.height });
  png.data.set(image.data);
  writeFileSync(path, PNG.sync.write(png));
}
