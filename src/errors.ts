/** What went wrong, as a stable code a caller can branch on. */
export type StyleSwapErrorCode =
  | 'no-webgpu' // no navigator.gpu / no adapter / no device
  | 'device-lost' // the GPU device was lost while a call was in flight
  | 'weights' // weights missing, truncated, or not the expected tensors
  | 'image' // an input that is not a readable image, or has an unusable size
  | 'too-large' // an input whose buffers exceed the device's limits
  | 'option' // an unknown option, or one out of range
  | 'aborted' // the call's AbortSignal fired
  | 'destroyed' // the instance (or the PreparedStyle) was destroyed
  | 'gpu-validation'; // a WebGPU validation or out-of-memory error (debug mode names the kernel)

const CODES: ReadonlySet<string> = new Set<StyleSwapErrorCode>([
  'no-webgpu',
  'device-lost',
  'weights',
  'image',
  'too-large',
  'option',
  'aborted',
  'destroyed',
  'gpu-validation',
]);

/** Every error this library throws on purpose. */
export class StyleSwapError extends Error {
  readonly code: StyleSwapErrorCode;
  constructor(code: StyleSwapErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StyleSwapError';
    this.code = code;
  }

  /**
   * Whether `error` is a StyleSwapError, optionally with this code. Unlike `instanceof` it also holds across the
   * ESM and CommonJS builds (each has its own class): it checks the name and the code.
   */
  static is(error: unknown, code?: StyleSwapErrorCode): error is StyleSwapError {
    if (typeof error !== 'object' || error === null) return false;
    const { name, code: found } = error as { name?: unknown; code?: unknown };
    return name === 'StyleSwapError' && typeof found === 'string' && CODES.has(found) && (code === undefined || found === code);
  }
}
