import { pixelsSource, type ImageSource } from '../core/imageSource';
import { readImageHeader } from '../core/imageHeader';
import { checkPixelCount, checkTextureSource, describeValue } from '../core/validate';
import { fetchWeightFiles, fetchWeights } from '../core/fetchWeights';
import type { Platform } from '../core/platform';
import { StyleSwapError } from '../errors';
import type { RgbaImage } from '../api';
import { bundledWeightUrls } from './bundledWeights';

/**
 * Image inputs in the browser: an encoded image file (a Blob or File: decoded upright, EXIF orientation applied),
 * decoded pixels, a GPUTexture, or anything the GPU can copy an image from.
 */
export type BrowserImage =
  Blob | RgbaImage | ImageData | ImageBitmap | HTMLImageElement | HTMLCanvasElement | OffscreenCanvas | HTMLVideoElement | VideoFrame | GPUTexture;

export const browserPlatform: Platform<BrowserImage> = {
  async requestAdapter() {
    if (typeof navigator === 'undefined' || !navigator.gpu) {
      throw new StyleSwapError(
        'no-webgpu',
        'WebGPU is not available in this browser (navigator.gpu is missing). Use a browser with WebGPU enabled, on a secure (https or localhost) page.',
      );
    }
    return navigator.gpu.requestAdapter();
  },
  missingAdapterHint: 'The browser exposes WebGPU but offered no adapter: WebGPU may be disabled or blocklisted for this GPU.',
  loadWeights: (source) => (source === undefined ? fetchWeightFiles(bundledWeightUrls()) : fetchWeights(source)),
  readImage: async (image, what, maxPixels) =>
    typeof Blob !== 'undefined' && image instanceof Blob ? decodeBlob(image, what, maxPixels) : readBrowserImage(image, what),
};

/** A PNG or JPEG file: its size is read from the header and checked before the browser decodes it. */
async function decodeBlob(blob: Blob, what: string, maxPixels: number): Promise<ImageSource> {
  const header = await blobHeader(blob, what);
  if (header) checkPixelCount(header, maxPixels, what);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(blob, { imageOrientation: 'from-image', colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
  } catch (cause) {
    throw new StyleSwapError('image', `${what} could not be decoded by the browser (${blob.type || 'unknown type'}, ${blob.size} bytes)`, { cause });
  }
  return readBrowserImage(bitmap, what);
}

/** Enough of a file for its PNG IHDR, or for a JPEG's EXIF block and frame header in all but odd files. */
const HEADER_BYTES = 256 * 1024;

/** The header from the file's start; none when a JPEG's frame header lies past HEADER_BYTES (checked once decoded). */
async function blobHeader(blob: Blob, what: string) {
  try {
    return readImageHeader(new Uint8Array(await blob.slice(0, HEADER_BYTES).arrayBuffer()), what);
  } catch (error) {
    if (blob.size > HEADER_BYTES) return null;
    throw error;
  }
}

function readBrowserImage(image: BrowserImage, what: string): ImageSource {
  if (image && typeof image === 'object' && 'data' in image) return pixelsSource(image, what);
  if (typeof GPUTexture !== 'undefined' && image instanceof GPUTexture) {
    checkTextureSource(image, what);
    return { kind: 'texture', width: image.width, height: image.height, texture: image };
  }
  const size = drawableSize(image);
  if (!size) {
    throw new StyleSwapError(
      'image',
      `${what} is not an image: expected a Blob/File, ImageBitmap, ImageData, an image, canvas or video element, OffscreenCanvas, VideoFrame, GPUTexture, or { data, width, height }; got ${describeValue(image)}`,
    );
  }
  if (size.width === 0 || size.height === 0) throw new StyleSwapError('image', `${what} has size ${size.width}×${size.height} (not loaded yet?)`);
  return { kind: 'external', ...size, source: image as GPUCopyExternalImageSource };
}

function drawableSize(image: unknown): { width: number; height: number } | null {
  if (typeof image !== 'object' || image === null) return null;
  const i = image as Record<string, unknown>;
  if (typeof i.naturalWidth === 'number') return { width: i.naturalWidth, height: i.naturalHeight as number };
  if (typeof i.videoWidth === 'number') return { width: i.videoWidth, height: i.videoHeight as number };
  if (typeof i.displayWidth === 'number') return { width: i.displayWidth, height: i.displayHeight as number };
  if (typeof i.width === 'number' && typeof i.height === 'number') return { width: i.width, height: i.height };
  return null;
}
