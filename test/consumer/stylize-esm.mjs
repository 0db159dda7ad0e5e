// A consumer's ESM script: stylizes the package's bundled samples (or the two images named) with no options.
// usage: node stylize-esm.mjs <output.png> [content style]
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { styleSwap, writeImageFile } from 'webgpu-style-swap/node';

const samples = join(dirname(createRequire(import.meta.url).resolve('webgpu-style-swap/package.json')), 'examples/samples');
const [output, content = join(samples, 'chelsea.png'), style = join(samples, 'hubble_deep_field.png')] = process.argv.slice(2);
const result = await styleSwap(content, style);
await writeImageFile(output, result);
console.log(JSON.stringify({ width: result.width, height: result.height }));
