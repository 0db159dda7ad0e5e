// The CPU reference (TypeScript, src/reference/) for the benchmark's measurements, bundled on the fly by esbuild (the
// bundler tsup runs on), so the benchmark reuses the tests' oracle rather than a copy of it.
import { build } from 'esbuild';

const ENTRY = `
export { referenceEncoder } from './src/reference/networks';
export { tensor } from './src/reference/tensor';
export { parseModelWeights } from './src/model/weights';
`;

export async function loadReference() {
  const out = await build({ stdin: { contents: ENTRY, resolveDir: '.', loader: 'ts' }, bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'error' });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}
