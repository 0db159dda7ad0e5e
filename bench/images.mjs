// Benchmark inputs: the CC0 images of ../shared/images/cc0 (or the bundled samples), box-filtered to a square size.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';

const SOURCES = ['../shared/images/cc0', 'examples/samples'];

function read(name) {
  const dir = SOURCES.find((d) => existsSync(join(d, `${name}.png`)));
  if (!dir) throw new Error(`bench: no ${name}.png in ${SOURCES.join(' or ')}`);
  return PNG.sync.read(readFileSync(join(dir, `${name}.png`)));
}

/** `name` resized (box filter, aspect ignored: a square crop's worth) to size × size RGBA8. */
export function benchImage(name, size) {
  const src = read(name);
  const side = Math.min(src.width, src.height);
  const f = side / size;
  const data = new Uint8Array(4 * size * size);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0];
      let area = 0;
      for (let sy = Math.floor(y * f); sy < (y + 1) * f && sy < side; sy++) {
        const wy = Math.min((y + 1) * f, sy + 1) - Math.max(y * f, sy);
        for (let sx = Math.floor(x * f); sx < (x + 1) * f && sx < side; sx++) {
          const w = wy * (Math.min((x + 1) * f, sx + 1) - Math.max(x * f, sx));
          for (let c = 0; c < 3; c++) sum[c] += w * src.data[4 * (sy * src.width + sx) + c];
          area += w;
        }
      }
      for (let c = 0; c < 3; c++) data[4 * (y * size + x) + c] = Math.round(sum[c] / area);
      data[4 * (y * size + x) + 3] = 255;
    }
  }
  return { width: size, height: size, data };
}

export function writePng(path, image) {
  const png = new PNG({ width: image.width, height: image.height });
  png.data.set(image.data);
  writeFileSync(path, PNG.sync.write(png));
}
