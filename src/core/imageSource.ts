import { alignTo } from '../gpu/buffers';
import type { UploadStep } from '../gpu/run';
import type { ImageStrip } from '../kernels/imageToTensor';
import { encodeDispatches, type Dispatch } from '../gpu/dispatch';
import type { RgbaImage } from '../api';
import { isBgraFormat } from './textureFormats';
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

/** Whether the staged u32s are BGRA (a bgra8unorm(-srgb) texture copied as it is). */
export function sourceIsBgra(source: ImageSource): boolean {
  return source.kind === 'texture' && isBgraFormat(source.texture.format);
}

/**
 * The steps that bring `source` to the GPU strip by strip: each copies the strip's source rows into `pixels` (row 0
 * = the strip's first row) and records `convert(i)`, the dispatch that converts strip i. Decoded pixels go through
 * the queue; textures are copied on the GPU; an external image is first copied into a temporary texture, which
 * `release` destroys (after the submit: WebGPU frees it once the GPU is done).
 */
export function uploadSteps(device: GPUDevice, source: ImageSource, pixels: GPUBuffer, strips: readonly ImageStrip[], convert: (strip: number) => Dispatch) {
  const bytesPerRow = 4 * sourceRowPixels(source);
  let staging: GPUTexture | null = null;
  const textureOf = (): GPUTexture => (source.kind === 'texture' ? source.texture : (staging ??= copiedToTexture(device, source)));
  const steps: UploadStep[] = strips.map((strip, i) => ({
    write: () => {
      if (source.kind !== 'pixels') return;
      device.queue.writeBuffer(pixels, 0, source.image.data as Uint8Array<ArrayBuffer>, strip.srcFirstRow * bytesPerRow, strip.srcRows * bytesPerRow);
    },
    record: (encoder) => {
      if (source.kind !== 'pixels') {
        encoder.copyTextureToBuffer(
          { texture: textureOf(), origin: { x: 0, y: strip.srcFirstRow } },
          { buffer: pixels, bytesPerRow, rowsPerImage: strip.srcRows },
          { width: source.width, height: strip.srcRows },
        );
      }
      encodeDispatches(encoder, [convert(i)], 'convert image');
    },
  }));
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion -- set in a step: TS narrows it to null here
  return { steps, release: () => (staging as GPUTexture | null)?.destroy() };
}

/** An external image (bitmap, canvas, video frame) copied into a texture of ours, which we can read from. */
function copiedToTexture(device: GPUDevice, source: ImageSource): GPUTexture {
  const size = { width: source.width, height: source.height };
  const texture = device.createTexture({
    label: 'input.external',
    size,
    format: 'rgba8unorm',
    usage: GPUTextureUsage.COPY_DST | GPUTextureUsage.COPY_SRC | GPUTextureUsage.RENDER_ATTACHMENT,
  });
  if (source.kind === 'external') device.queue.copyExternalImageToTexture({ source: source.source }, { texture }, size);
  return texture;
}
