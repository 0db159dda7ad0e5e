// Hand-made image files for the input tests: a PNG bomb's header, a phone JPEG's EXIF orientation.
import jpeg from 'jpeg-js';

/** A PNG that is only a header claiming width × height (no pixel data): decoding it would fail differently. */
export function pngHeaderOnly(width: number, height: number): Uint8Array {
  const bytes = new Uint8Array(8 + 25 + 12);
  bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(bytes.buffer);
  view.setUint32(8, 13);
  bytes.set(
    [...'IHDR'].map((c) => c.charCodeAt(0)),
    12,
  );
  view.setUint32(16, width);
  view.setUint32(20, height);
  bytes.set([8, 6, 0, 0, 0], 24); // 8-bit RGBA
  view.setUint32(33, 0);
  bytes.set([0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82], 37); // IEND + CRC
  return bytes;
}

/** A JPEG of `image` with an EXIF APP1 block saying `orientation` (big-endian TIFF), as a phone writes it. */
export function jpegWithOrientation(image: { width: number; height: number; data: Uint8Array }, orientation: number): Uint8Array {
  const plain = jpeg.encode({ ...image, data: Buffer.from(image.data) }, 95).data;
  const tiff = [0x4d, 0x4d, 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, orientation, 0, 0, 0, 0, 0, 0, 0, 0];
  const payload = [...'Exif'].map((c) => c.charCodeAt(0)).concat([0, 0], tiff);
  const app1 = [0xff, 0xe1, (payload.length + 2) >> 8, (payload.length + 2) & 0xff, ...payload];
  return Uint8Array.from([...plain.subarray(0, 2), ...app1, ...plain.subarray(2)]);
}
