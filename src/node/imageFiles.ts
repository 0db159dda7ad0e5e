import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { StyleSwapError } from '../errors';
import type { ImageResult, RgbaImage } from '../types';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];
const JPEG_SIGNATURE = [0xff, 0xd8, 0xff];
const startsWith = (bytes: Uint8Array, signature: number[]) => signature.every((b, i) => bytes[i] === b);

/** Decodes PNG or JPEG bytes (detected by signature) to RGBA8; `what` names the source in errors. */
export function decodeImage(bytes: Uint8Array, what: string): RgbaImage {
  try {
    if (startsWith(bytes, PNG_SIGNATURE)) {
      const png = PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
      return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
    }
    if (startsWith(bytes, JPEG_SIGNATURE)) {
      const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 1024 });
      return { width: image.width, height: image.height, data: image.data };
    }
  } catch (cause) {
    throw new StyleSwapError('image', `${what} could not be decoded: ${(cause as Error).message}`, { cause });
  }
  throw new StyleSwapError('image', `${what} is not a PNG or JPEG image`);
}

export async function readImageFile(path: string): Promise<RgbaImage> {
  let bytes: Uint8Array;
  try {
    bytes = await readFile(path);
  } catch (cause) {
    throw new StyleSwapError('image', `cannot read image file ${path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, { cause });
  }
  return decodeImage(bytes, `image file ${path}`);
}

/** Writes RGBA8 pixels as PNG, or JPEG (quality 92) for a .jpg/.jpeg path. */
export async function writeImageFile(path: string, image: ImageResult): Promise<void> {
  const extension = extname(path).toLowerCase();
  let bytes: Uint8Array;
  if (extension === '.jpg' || extension === '.jpeg') {
    bytes = jpeg.encode({ width: image.width, height: image.height, data: image.data }, 92).data;
  } else if (extension === '.png') {
    const png = new PNG({ width: image.width, height: image.height });
    png.data.set(image.data);
    bytes = PNG.sync.write(png);
  } else {
    throw new StyleSwapError('image', `cannot write ${path}: the output must end in .png, .jpg or .jpeg`);
  }
  await writeFile(path, bytes);
}
