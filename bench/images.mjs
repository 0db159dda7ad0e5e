// Benchmark inputs: the CC0 images of ../shared/images/cc0 (or the bundled samples), box-filtered to a square size.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { boxResize } from '../scripts/boxResize.mjs';

const SOURCES = ['../shared/images/cc0', 'examples/samples'];

function read(name) {
  const dir = SOURCES.find((d) => existsSync(join(d, `${name}.png`)));
  if (!dir) throw new Error(`bench: no ${name}.png in ${SOURCES.join(' or ')}`);
  return PNG.sync.read(readFileSync(join(dir, `${name}.png`)));
}

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
