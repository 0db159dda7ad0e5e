// Writes the bundled sample images (examples/samples/) from ../shared/images/cc0: CC0 / public-domain images,
// box-filtered down so the quick start runs in seconds even on a CPU adapter. Run once; the outputs are committed.
import { readFileSync, writeFileSync } from 'node:fs';
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

for (const [name, longest] of samples) {
  const source = PNG.sync.read(readFileSync(`../shared/images/cc0/${name}.png`));
  const scale = longest / Math.max(source.width, source.height);
  const resized = boxResize(source, Math.round(source.width * scale), Math.round(source.height * scale));
  const out = new PNG({ width: resized.width, height: resized.height });
  out.data.set(resized.data);
  writeFileSync(`examples/samples/${name}.png`, PNG.sync.write(out));
  console.log(`examples/samples/${name}.png ${resized.width}×${resized.height}`);
}
