import { checkTextureSource, pixelsSource, type ImageSource } from '../core/imageSource';
import { fetchWeightFiles, fetchWeights } from '../core/fetchWeights';
import type { Platform } from '../core/platform';
import { StyleSwapError } from '../errors';
import type { RgbaImage } from '../types';
import { bundledWeightUrls } from './bundledWeights';

/** Image inputs in the browser: decoded pixels, a GPUTexture, or anything the GPU can copy an image from. */
export type BrowserImage =
  | RgbaImage
  | ImageData
  | ImageBitmap
  | HTMLImageElement
  | HTMLCanvasElement
  | OffscreenCanvas
  | HTMLVideoElement
  | VideoFrame
  | GPUTexture;

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
  readImage: async (image, what) => readBrowserImage(image, what),
};

function readBrowserImage(image: BrowserImage, what: string): ImageSource {
  if (image && 'data' in image && 'width' in image && 'height' in image) return pixelsSource(image);
  if (typeof GPUTexture !== 'undefined' && image instanceof GPUTexture) {
    checkTextureSource(image, what);
    return { kind: 'texture', width: image.width, height: image.height, texture: image };
  }
  const size = drawableSize(image);
  if (!size) {
    throw new StyleSwapError(
      'image',
      `${what} is not an image: expected ImageBitmap, ImageData, an image, canvas or video element, OffscreenCanvas, VideoFrame, GPUTexture, or { data, width, height }`,
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
