// A consumer's CommonJS script: the same as stylize-esm.mjs, through require().
// usage: node stylize-cjs.cjs <output.png> [content style]
const { dirname, join } = require('node:path');
const { styleSwap, writeImageFile } = require('webgpu-style-swap/node');

const samples = join(dirname(require.resolve('webgpu-style-swap/package.json')), 'examples/samples');
const [output, content = join(samples, 'chelsea.png'), style = join(samples, 'hubble_deep_field.png')] = process.argv.slice(2);
styleSwap(content, style)
  .then(async (result) => {
    await writeImageFile(output, result);
    console.log(JSON.stringify({ width: result.width, height: result.height }));
  })
  .catch((error) => {
    console.error(error);
    process.exit(1);
  });
