// What an encoded image is, read from its first bytes before any decoding: format, size and (JPEG) EXIF
// orientation. This is what lets a 20000×20000 PNG of 400 KB be refused in microseconds instead of decoded.
import { StyleSwapError } from '../errors';

export interface ImageHeader {
  readonly format: 'PNG' | 'JPEG';
  readonly width: number;
  readonly height: number;
  /** EXIF orientation 1–8 (1: as stored); PNGs are always 1. */
  readonly orientation: number;
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const startsWith = (bytes: Uint8Array, signature: readonly number[]) => signature.every((b, i) => bytes[i] === b);

/** The header of a PNG or JPEG; null when the bytes are neither. Throws code 'image' for a truncated header. */
export function readImageHeader(bytes: Uint8Array, what: string): ImageHeader | null {
  if (startsWith(bytes, PNG_SIGNATURE)) return pngHeader(bytes, what);
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return jpegHeader(bytes, what);
  return null;
}

/** Whether the file ends as its format says a whole file ends (PNG: an IEND chunk; JPEG: the EOI marker). */
export function endsWhole(bytes: Uint8Array, format: ImageHeader['format']): boolean {
  const tail = (marker: readonly number[]) => marker.every((b, i) => bytes[bytes.length - marker.length + i] === b);
  if (format === 'PNG') return tail([0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]); // "IEND" + its CRC
  // JPEG: EOI, possibly followed by padding some encoders append.
  for (let i = bytes.length - 2; i >= Math.max(2, bytes.length - 1024); i--) {
    if (bytes[i] === 0xff && bytes[i + 1] === 0xd9) return true;
  }
  return false;
}

function pngHeader(bytes: Uint8Array, what: string): ImageHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const isIhdr = bytes.length >= 24 && String.fromCharCode(...bytes.subarray(12, 16)) === 'IHDR';
  if (!isIhdr) throw new StyleSwapError('image', `${what} is a truncated PNG: it ends before the image header (IHDR)`);
  return { format: 'PNG', width: view.getUint32(16), height: view.getUint32(20), orientation: 1 };
}

/** Walks the JPEG markers up to the first frame header (SOFn), noting an EXIF orientation on the way. */
function jpegHeader(bytes: Uint8Array, what: string): ImageHeader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let orientation = 1;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) break;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      at += 2; // markers without a length
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break; // end of image, start of scan: no frame header came first
    const length = view.getUint16(at + 2);
    const segment = at + 4;
    if (marker === 0xe1) orientation = exifOrientation(bytes.subarray(segment, at + 2 + length)) ?? orientation;
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      if (segment + 5 > bytes.length) break;
      return { format: 'JPEG', height: view.getUint16(segment + 1), width: view.getUint16(segment + 3), orientation };
    }
    at += 2 + length;
  }
  throw new StyleSwapError('image', `${what} is a truncated or corrupt JPEG: no frame header (SOF) before the image data`);
}

/** The orientation tag (0x0112) of an APP1 "Exif" segment's first IFD, when it holds a valid one. */
function exifOrientation(app1: Uint8Array): number | undefined {
  if (app1.length < 14 || String.fromCharCode(...app1.subarray(0, 4)) !== 'Exif') return undefined;
  const tiff = app1.subarray(6);
  const view = new DataView(tiff.buffer, tiff.byteOffset, tiff.byteLength);
  const little = tiff[0] === 0x49 && tiff[1] === 0x49; // "II"; "MM" is big-endian
  const ifd = view.getUint32(4, little);
  if (ifd + 2 > tiff.length) return undefined;
  const entries = view.getUint16(ifd, little);
  for (let i = 0; i < entries; i++) {
    const entry = ifd + 2 + 12 * i;
    if (entry + 12 > tiff.length) return undefined;
    if (view.getUint16(entry, little) !== 0x0112) continue;
    const value = view.getUint16(entry + 8, little);
    return value >= 1 && value <= 8 ? value : undefined;
  }
  return undefined;
}
