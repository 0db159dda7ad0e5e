import { StyleSwapError } from '../errors';
import type { RgbaImage } from '../types';

/** The smallest image the encoder takes: relu3_1 (a quarter of each side) must hold at least one pixel. */
export const MIN_IMAGE_SIDE = 4;

/** Throws a clear error unless `image` is W×H RGBA8 with W, H ≥ 4 and 4·W·H bytes; `what` names it. */
export function checkRgbaImage(image: RgbaImage, what: string): void {
  const { width, height, data } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new StyleSwapError('image', `${what} has size ${width}×${height}; width and height must be positive integers`);
  }
  if (width < MIN_IMAGE_SIDE || height < MIN_IMAGE_SIDE) {
    throw new StyleSwapError('image', `${what} is ${width}×${height}; the encoder needs at least ${MIN_IMAGE_SIDE}×${MIN_IMAGE_SIDE} pixels`);
  }
  if (!data || data.length !== 4 * width * height) {
    throw new StyleSwapError('image', `${what} has ${data?.length ?? 0} bytes; a ${width}×${height} RGBA8 image has ${4 * width * height}`);
  }
}

/** The RGBA bytes as one little-endian u32 per pixel (red in the low byte), copied only when unaligned. */
export function pixelWords(image: RgbaImage): Uint32Array<ArrayBuffer> {
  const { data } = image;
  if (data.byteOffset % 4 === 0) return new Uint32Array(data.buffer as ArrayBuffer, data.byteOffset, data.length / 4);
  return new Uint32Array(Uint8Array.from(data).buffer);
}
