/** What went wrong, as a stable code a caller can branch on. */
export type StyleSwapErrorCode =
  | 'no-webgpu' // no navigator.gpu / no adapter / no device
  | 'device-lost' // the GPU device was lost while a call was in flight
  | 'weights' // weights missing, truncated, or not the expected tensors
  | 'image' // an input that is not a readable image, or has an unusable size
  | 'too-large' // an input whose buffers exceed the device's limits
  | 'option' // an option out of range
  | 'destroyed' // the instance was destroyed
  | 'gpu-validation'; // a WebGPU validation or out-of-memory error (debug mode names the kernel)

/** Every error this library throws on purpose. */
export class StyleSwapError extends Error {
  readonly code: StyleSwapErrorCode;
  constructor(code: StyleSwapErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StyleSwapError';
    this.code = code;
  }
}
