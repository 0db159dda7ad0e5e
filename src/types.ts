/** A feature map in CHW layout (channel-major, then rows, then columns). */
export interface FeatureMap {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  readonly data: Float32Array;
}

/** An RGBA8 image, row-major, 4 bytes per pixel. */
export interface ImageResult {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8ClampedArray;
}

/** Plain RGBA8 pixels: what every entry accepts (ImageData fits this shape too). */
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array | Uint8ClampedArray;
}

/** The two pretrained networks as safetensors bytes. */
export interface WeightBytes {
  readonly encoder: Uint8Array | ArrayBuffer;
  readonly decoder: Uint8Array | ArrayBuffer;
}

/**
 * Where the weights come from: a folder URL (or, in Node, a folder path) holding vgg19_relu3_1.safetensors and
 * decoder_relu3_1.safetensors, or their bytes.
 */
export type WeightsSource = string | URL | WeightBytes;
