import type { WeightUrls } from '../core/fetchWeights';

/**
 * The package's own weights files. Each URL is a literal `new URL('…', import.meta.url)`, the form that Vite,
 * webpack 5, Parcel and Rollup's URL plugins turn into emitted assets; unbundled, it resolves against the built
 * module itself. The paths are relative to dist/, where this code runs from (tsup puts every chunk there).
 */
export function bundledWeightUrls(): WeightUrls {
  return {
    encoder: new URL('../weights/vgg19_relu3_1.safetensors', import.meta.url),
    decoder: new URL('../weights/decoder_relu3_1.safetensors', import.meta.url),
  };
}
