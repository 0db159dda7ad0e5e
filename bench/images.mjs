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

export function writePng(path, image) {
  const png = new PNG({ width: image.width, height: image.height });
  png.data.set(image.data);
  writeFileSync(path, PNG.sync.write(png));
}
