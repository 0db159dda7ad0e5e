// Library source (TypeScript, src/) for the benchmark's measurements, bundled on the fly by esbuild (the bundler
// tsup runs on), so the benchmark reuses the tests' oracle and the kernels' own descriptors rather than copies.
import { build } from 'esbuild';

const REFERENCE = `
export { referenceEncoder } from './src/reference/networks';
export { tensor } from './src/reference/tensor';
export { parseModelWeights } from './src/model/weights';
`;

export const KERNELS = `
export { conv3x3, effectiveVariant, uploadConv } from './src/kernels/conv3x3';
export { createWinogradScratch, winogradGemm } from './src/kernels/winograd';
export { match, matchBands, matchReduce, matchSplits, paddedStylePixels } from './src/kernels/match';
export { deviceGramVariants } from './src/tuning/matchTuner';
export { correlationSplits, patchCorrelation, styleWindowsBytes } from './src/kernels/patchCorrelation';
export { APPROXIMATE_RANK, CANDIDATES, approximateMatch, candidateInvocations, projectStyle, projectedContentBytes, secondMoment } from './src/kernels/approximateMatch';
export { swapGeometry } from './src/kernels/swapGeometry';
export { launchSettingsFor } from './src/kernels/launchSettings';
export { encodeDispatches } from './src/gpu/dispatch';
export { createStorageBuffer, createWorkBuffer } from './src/gpu/buffers';
export { parseModelWeights } from './src/model/weights';
export { ENCODER_CONV_USES } from './src/model/encoder';
export { DECODER_CONV_USES } from './src/model/decoder';
`;

async function bundle(entry) {
  const out = await build({
    stdin: { contents: entry, resolveDir: '.', loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    write: false,
    logLevel: 'error',
    loader: { '.wgsl': 'text' },
  });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}

/** The CPU reference networks and the weights parser. */
export function loadReference() {
  return bundle(REFERENCE);
}

/** The kernel descriptors, for timing kernels one by one (bench/kernels.mjs); in Chromium see bench/chromium.mjs. */
export function loadKernels() {
  return bundle(KERNELS);
}
