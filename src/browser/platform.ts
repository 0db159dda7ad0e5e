import type { Platform } from '../core/platform';
import { StyleSwapError } from '../errors';
import type { RgbaImage, WeightBytes, WeightsSource } from '../types';
import { weightsManifest } from '../model/manifest';

/** Image inputs in the browser: decoded pixels, or anything a 2D canvas can draw. */
export type BrowserImage =
  | RgbaImage
  | ImageData
  | ImageBitmap
  | HTMLImageElement
  | HTMLCanvasElement
  | OffscreenCanvas
  | HTMLVideoElement
  | VideoFrame;

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
  loadWeights: (source) => fetchWeights(source),
  readImage: async (image, what) => readBrowserImage(image, what),
};

/** Fetches both weight files from a folder URL, or passes bytes through. */
export async function fetchWeights(source: WeightsSource | undefined): Promise<WeightBytes> {
  if (source === undefined) {
    throw new StyleSwapError(
      'weights',
      'No weights given: pass `weights`, the URL of a folder holding vgg19_relu3_1.safetensors and decoder_relu3_1.safetensors (the package ships them in weights/).',
    );
  }
  if (typeof source !== 'string' && !(source instanceof URL)) return source;
  const base = new URL(String(source).endsWith('/') ? String(source) : `${String(source)}/`, globalThis.location?.href);
  const fetchOne = async (file: string) => {
    const url = new URL(file, base);
    let response: Response;
    try {
      response = await fetch(url);
    } catch (cause) {
      throw new StyleSwapError('weights', `could not fetch weights file ${url}: ${String(cause)}`, { cause });
    }
    if (!response.ok) throw new StyleSwapError('weights', `could not fetch weights file ${url}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
  const [encoder, decoder] = await Promise.all([fetchOne(weightsManifest.encoder.file), fetchOne(weightsManifest.decoder.file)]);
  return { encoder, decoder };
}

function readBrowserImage(image: BrowserImage, what: string): RgbaImage {
  if (image && 'data' in image && 'width' in image && 'height' in image) return image;
  const size = drawableSize(image);
  if (!size) throw new StyleSwapError('image', `${what} is not an image: expected ImageData, ImageBitmap, an image, canvas or video element, a VideoFrame, or { data, width, height }`);
  const { width, height } = size;
  if (width === 0 || height === 0) throw new StyleSwapError('image', `${what} has size ${width}×${height} (not loaded yet?)`);
  const canvas = new OffscreenCanvas(width, height);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new StyleSwapError('image', 'could not create a 2D canvas to read the image');
  context.drawImage(image as CanvasImageSource, 0, 0);
  return context.getImageData(0, 0, width, height);
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
