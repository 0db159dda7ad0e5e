import { StyleSwapError } from '../errors';

/** The smallest image the encoder takes: relu3_1 (a quarter of each side) must hold at least one pixel. */
export const MIN_IMAGE_SIDE = 4;

/**
 * Throws a clear error unless the size is at least 4×4 in whole pixels and, for decoded pixels, `data` holds
 * exactly 4·W·H bytes; `what` names the input.
 */
export function checkImageSize(size: { width: number; height: number }, what: string, data?: ArrayLike<number>): void {
  const { width, height } = size;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new StyleSwapError('image', `${what} has size ${width}×${height}; width and height must be positive integers`);
  }
  if (width < MIN_IMAGE_SIDE || height < MIN_IMAGE_SIDE) {
    throw new StyleSwapError('image', `${what} is ${width}×${height}; the encoder needs at least ${MIN_IMAGE_SIDE}×${MIN_IMAGE_SIDE} pixels`);
  }
  if (data !== undefined && data.length !== 4 * width * height) {
    throw new StyleSwapError('image', `${what} has ${data.length} bytes; a ${width}×${height} RGBA8 image has ${4 * width * height}`);
  }
}
