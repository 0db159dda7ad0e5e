import { alignTo } from '../gpu/buffers';
import type { RgbaImage } from '../api';
import { checkPixels } from './validate';

/**
 * An input image as the core sees it: decoded pixels (uploaded with writeBuffer), a GPUTexture (copied on the GPU),
 * or anything copyExternalImageToTexture takes (ImageBitmap, canvas, video, VideoFrame: copied on the GPU too).
 */
export type ImageSource =
  | { readonly kind: 'pixels'; readonly width: number; readonly height: number; readonly image: RgbaImage }
  | { readonly kind: 'texture'; readonly width: number; readonly height: number; readonly texture: GPUTexture }
  | { readonly kind: 'external'; readonly width: number; readonly height: number; readonly source: GPUCopyExternalImageSource };

/** Decoded pixels as a source, after checking their type and length; `what` names them in errors. */
export function pixelsSource(image: unknown, what: string): ImageSource {
  checkPixels(image, what);
  return { kind: 'pixels', width: image.width, height: image.height, image };
}

/** u32s between rows of the staged pixels: texture copies need rows of a multiple of 256 bytes. */
export function sourceRowPixels(source: ImageSource): number {
  return source.kind === 'pixels' ? source.width : alignTo(4 * source.width, 256) / 4;
}

/** Whether the staged u32s are BGRA (a bgra8unorm texture copied as it is). */
export function sourceIsBgra(source: ImageSource): boolean {
  return source.kind === 'texture' && source.texture.format === 'bgra8unorm';
}

/**
 * Records the upload of `source` into `pixels` (rows sourceRowPixels apart). Pixels go through the queue;
 * textures and external images are copied on the GPU, through a temporary texture for external images, which is
 * returned for the caller to destroy after the submit.
 */
export function stageImage(device: GPUDevice, encoder: GPUCommandEncoder, source: ImageSource, pixels: GPUBuffer): GPUTexture | null {
  const size = { width: source.width, height: source.height };
  const layout = { buffer: pixels, bytesPerRow: 4 * sourceRowPixels(source), rowsPerImage: source.height };
  if (source.kind === 'pixels') {
    const { data } = source.image;
    device.queue.writeBuffer(pixels, 0, data as Uint8Array<ArrayBuffer>, 0, 4 * source.width * source.height);
    return null;
  }
  if (source.kind === 'texture') {
    encoder.copyTextureToBuffer({ texture: source.texture }, layout, size);
    return null;
  }
  const staging = device.createTexture({
    label: 'input.external',
    size,
    format: 'rgba8unorm',
    usage: GPUTextureUsage.COPY_DST | GPUTextureUsage.COPY_SRC | GPUTextureUsage.RENDER_ATTACHMENT,
  });
  device.queue.copyExternalImageToTexture({ source: source.source }, { texture: staging }, size);
  encoder.copyTextureToBuffer({ texture: staging }, layout, size);
  return staging;
}
