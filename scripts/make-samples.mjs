// Writes the bundled sample images (examples/samples/) from the full-size originals (the data folder of
// scikit-image, see examples/samples/ATTRIBUTION.md): CC0 / public-domain images, box-filtered down so the quick start
// runs in seconds even on a CPU adapter. Run once; the outputs are committed.
// usage: node scripts/make-samples.mjs <folder holding the originals, e.g. astronaut.png>
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { boxResize } from './boxResize.mjs';

const samples = [
  ['chelsea', 300],
  ['coffee', 300],
  ['astronaut', 256],
  ['hubble_deep_field', 256],
  ['gravel', 256],
  ['brick', 256],
];

const originals = process.argv[2];
if (!originals) throw new Error('usage: node scripts/make-samples.mjs <folder holding the original PNGs>');

for (const [name, longest] of samples) {
  const source = PNG.sync.read(readFileSync(join(originals, `${name}.png`)));
  const scale = longest / Math.max(source.width, source.height);
  const resized = boxResize(source, Math.round(source.width * scale), Math.round(source.height * scale));
  const out = new PNG({ width: resized.width, height: resized.height });
  out.data.set(resized.data);
  writeFileSync(`examples/samples/${name}.png`, PNG.sync.write(out));
  console.log(`examples/samples/${name}.png ${resized.width}×${resized.height}`);
}
