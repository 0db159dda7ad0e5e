import { pixelsSource } from '../core/imageSource';
import { describeValue } from '../core/validate';
import type { Platform } from '../core/platform';
import { StyleSwapError } from '../errors';
import type { RgbaImage } from '../api';
import { dawnProvider } from './dawn';
import { decodeImage, readImageFile } from './imageFiles';
import { nodeTuningStore } from './tuningStore';
import { loadWeightsNode } from './weightsFiles';

/** Image inputs in Node: an image file path or its bytes (PNG, JPEG, WebP, AVIF, HEIC, TIFF, GIF), or RGBA8 pixels. */
export type NodeImage = string | RgbaImage | Uint8Array;

export const nodePlatform: Platform<NodeImage> = {
  ...dawnProvider,
  loadWeights: loadWeightsNode,
  tuningStore: nodeTuningStore,
  async readImage(image, what, maxPixels) {
    if (typeof image === 'string') return pixelsSource(await readImageFile(image, maxPixels, what), what);
    if (image instanceof Uint8Array) return pixelsSource(await decodeImage(image, `${what} (bytes)`, maxPixels), what);
    if (image && typeof image === 'object' && 'data' in image) return pixelsSource(image, what);
    throw new StyleSwapError(
      'image',
      `${what} must be an image file path (PNG, JPEG, WebP, AVIF, HEIC, TIFF, GIF), its bytes, or { data, width, height } RGBA8 pixels, got ${describeValue(image)}`,
    );
  },
};
