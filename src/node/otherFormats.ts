// WebP, AVIF, HEIC, TIFF and GIF through sharp (libvips): the formats phones and the web produce besides PNG and JPEG.
import sharp, { type Metadata } from 'sharp';
import type { RgbaImage } from '../api';
import { checkPixelCount } from '../core/validate';
import { StyleSwapError } from '../errors';

/** sharp's names for the formats read here (AVIF and HEIC are both 'heif', told apart by their compression). */
const READABLE = new Set(['webp', 'heif', 'tiff', 'gif']);

export const READABLE_FORMATS = 'PNG, JPEG, WebP, AVIF, HEIC, TIFF or GIF';

/**
 * Decodes `bytes` to RGBA8, upright (EXIF orientation applied), the first frame of an animation. The size comes
 * from the header and is checked against `maxPixels` before any pixel is decoded.
 */
export async function decodeOtherFormat(bytes: Uint8Array, what: string, maxPixels: number): Promise<RgbaImage> {
  let header: Metadata;
  try {
    header = await sharp(bytes).metadata();
  } catch {
    throw new StyleSwapError('image', `${what} is not a ${READABLE_FORMATS} image`);
  }
  if (!header.format || !READABLE.has(header.format) || !header.width || !header.height) {
    throw new StyleSwapError(
      'image',
      `${what} is ${header.format ? `a ${header.format.toUpperCase()} image` : 'not an image'}: give a ${READABLE_FORMATS} image`,
    );
  }
  checkPixelCount({ width: header.width, height: header.height }, maxPixels, what);
  if (header.compression === 'hevc') {
    throw new StyleSwapError(
      'image',
      `${what} is a HEIC image compressed with HEVC, which the bundled decoder does not read: convert it to JPEG (on an iPhone: Settings › Camera › Formats › Most Compatible)`,
    );
  }
  try {
    const { data, info } = await sharp(bytes, { limitInputPixels: false }).rotate().ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  } catch (cause) {
    throw new StyleSwapError('image', `${what} is a corrupt or truncated ${header.format.toUpperCase()}: ${(cause as Error).message}`, { cause });
  }
}

/** Encodes RGBA8 pixels as WebP (quality 90; lossless would be 5–10× larger for a stylized photo). */
export async function encodeWebp(image: { width: number; height: number; data: Uint8Array | Uint8ClampedArray }): Promise<Uint8Array> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } })
    .webp({ quality: 90 })
    .toBuffer();
}
