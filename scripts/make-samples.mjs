// Writes the bundled sample images (examples/samples/) from ../shared/images/cc0: CC0 / public-domain images,
// box-filtered down so the quick start runs in seconds even on a CPU adapter. Run once; the outputs are committed.
import { readFileSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

const samples = [
  ['chelsea', 300],
  ['coffee', 300],
  ['astronaut', 256],
  ['hubble_deep_field', 256],
  ['gravel', 256],
  ['brick', 256],
];

for (const [name, longest] of samples) {
  const source = PNG.sync.read(readFileSync(`../shared/images/cc0/${name}.png`));
  const scale = longest / Math.max(source.width, source.height);
  const width = Math.round(source.width * scale);
  const height = Math.round(source.height * scale);
  const out = new PNG({ width, height });
  const fx = source.width / width;
  const fy = source.height / height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sum = [0, 0, 0];
      let area = 0;
      for (let sy = Math.floor(y * fy); sy < (y + 1) * fy; sy++) {
        const wy = Math.min((y + 1) * fy, sy + 1) - Math.max(y * fy, sy);
        for (let sx = Math.floor(x * fx); sx < (x + 1) * fx; sx++) {
          const w = wy * (Math.min((x + 1) * fx, sx + 1) - Math.max(x * fx, sx));
          for (let c = 0; c < 3; c++) sum[c] += w * source.data[4 * (sy * source.width + sx) + c];
          area += w;
        }
      }
      for (let c = 0; c < 3; c++) out.data[4 * (y * width + x) + c] = Math.round(sum[c] / area);
      out.data[4 * (y * width + x) + 3] = 255;
    }
  }
  writeFileSync(`examples/samples/${name}.png`, PNG.sync.write(out));
  console.log(`examples/samples/${name}.png ${width}×${height}`);
}
