import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { ImageResult, RgbaImage } from '../api';
import { checkPixelCount, checkPixels, describeValue } from '../core/validate';
import { StyleSwapError } from '../errors';
import { endsWhole, readImageHeader } from '../core/imageHeader';
import { applyOrientation } from './orientation';
import { decodeOtherFormat, encodeWebp } from './otherFormats';

/**
 * Decodes PNG, JPEG, WebP, AVIF, HEIC, TIFF or GIF bytes (told apart by their signature) to RGBA8, upright (EXIF
 * orientation applied). The size is read from the header and checked against `maxPixels` before anything is
 * decoded; `what` names the source. PNG and JPEG have decoders of their own here, exact and quick to load.
 */
export async function decodeImage(bytes: Uint8Array, what: string, maxPixels = Infinity): Promise<RgbaImage> {
  if (bytes.length === 0) throw new StyleSwapError('image', `${what} is empty (0 bytes)`);
  const header = readImageHeader(bytes, what);
  if (!header) return decodeOtherFormat(bytes, what, maxPixels);
  checkPixelCount(header, maxPixels, what);
  if (!endsWhole(bytes, header.format)) throw new StyleSwapError('image', `${what} is a truncated ${header.format}: the file ends before the image does`);
  let image: RgbaImage;
  try {
    if (header.format === 'PNG') {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      image = { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
    } else {
      const maxMemoryUsageInMB = Math.ceil((8 * header.width * header.height) / 2 ** 20) + 64;
      image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB, maxResolutionInMP: Math.ceil(maxPixels / 1e6) });
    }
  } catch (cause) {
    throw new StyleSwapError('image', `${what} is a corrupt ${header.format}: ${(cause as Error).message}`, { cause });
  }
  return applyOrientation(image, header.orientation);
}

/** Reads and decodes an image file (upright; the formats of decodeImage); `what` names it in errors (e.g. 'content'). */
export async function readImageFile(path: string, maxPixels = Infinity, what = 'image'): Promise<RgbaImage> {
  if (typeof path !== 'string') throw new StyleSwapError('image', `readImageFile needs a file path, got ${describeValue(path)}`);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new StyleSwapError('image', `cannot read ${what} file ${path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, { cause });
  }
  return decodeImage(bytes, `${what} file ${path}`, maxPixels);
}

/** The encoder for an output path's extension; throws for any other (checked before any work is done). */
export function imageFormatFor(path: string): 'png' | 'jpeg' | 'webp' {
  const extension = extname(path).toLowerCase();
  if (extension === '.png') return 'png';
  if (extension === '.jpg' || extension === '.jpeg') return 'jpeg';
  if (extension === '.webp') return 'webp';
  throw new StyleSwapError('image', `cannot write ${path}: the output must end in .png, .jpg, .jpeg or .webp`);
}

/** Writes RGBA8 pixels as PNG, JPEG (quality 92) or WebP (quality 90), by the path's extension. */
export async function writeImageFile(path: string, image: ImageResult): Promise<void> {
  if (typeof path !== 'string') throw new StyleSwapError('image', `writeImageFile needs a file path, got ${describeValue(path)}`);
  const format = imageFormatFor(path);
  checkPixels(image, `the image for ${path}`, 1);
  let bytes: Uint8Array;
  if (format === 'jpeg') {
    bytes = jpeg.encode({ width: image.width, height: image.height, data: image.data }, 92).data;
  } else if (format === 'webp') {
    bytes = await encodeWebp(image);
  } else {
    const png = new PNG({ width: image.width, height: image.height });
    png.data.set(image.data);
    bytes = PNG.sync.write(png);
  }
  try {
    await writeFile(path, bytes);
  } catch (cause) {
    throw new StyleSwapError('image', `cannot write ${path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, { cause });
  }
}
