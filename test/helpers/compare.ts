// Comparisons with tolerances declared once per kernel class; failures name the index and both values.

export interface Tolerance {
  readonly abs: number;
  readonly rel: number;
}

/** Sums of many products in another order: float32 rounding only. */
export const GEMM_TOLERANCE: Tolerance = { abs: 2e-5, rel: 2e-5 };
/**
 * Winograd F(4×4, 3×3): the same sums taken through transforms whose coefficients reach 5 (input), 8 (output) and
 * 1/24 (filters), so an output carries the float32 rounding of terms far larger than itself. Measured: at most
 * 3.6e-4 on outputs up to 35 (130 input channels), 6e-6 on outputs up to 6.
 */
export const WINOGRAD4_TOLERANCE: Tolerance = { abs: 2e-4, rel: 1e-4 };
/**
 * Sums of up to about a thousand products (130 channels × 9 taps) whose weights carry half-float rounding (up to
 * 2⁻¹² relative each, in either direction): for values in [−1, 1], about a hundredth at most.
 */
export const HALF_WEIGHTS_TOLERANCE: Tolerance = { abs: 1.5e-2, rel: 2e-3 };
/** One division by 255 (WGSL allows a few ulps). */
export const CONVERSION_TOLERANCE: Tolerance = { abs: 1e-6, rel: 0 };

type Numbers = ArrayLike<number>;

export function expectClose(actual: Numbers, expected: Numbers, tolerance: Tolerance, what: string): void {
  if (actual.length !== expected.length) throw new Error(`${what}: ${actual.length} values, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!;
    const e = expected[i]!;
    if (!(Math.abs(a - e) <= tolerance.abs + tolerance.rel * Math.abs(e))) {
      throw new Error(`${what}: index ${i} is ${a}, expected ${e} (tolerance abs ${tolerance.abs}, rel ${tolerance.rel})`);
    }
  }
}

/** ‖a − b‖₂ / ‖b‖₂ */
export function relativeL2(actual: Numbers, expected: Numbers): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < expected.length; i++) {
    num += (actual[i]! - expected[i]!) ** 2;
    den += expected[i]! ** 2;
  }
  return Math.sqrt(num / den);
}

/** PSNR in dB of two signals on a 0..peak scale. */
export function psnr(actual: Numbers, expected: Numbers, peak: number): number {
  let se = 0;
  for (let i = 0; i < expected.length; i++) se += (actual[i]! - expected[i]!) ** 2;
  const mse = se / expected.length;
  return mse === 0 ? Infinity : 10 * Math.log10((peak * peak) / mse);
}

/** Deterministic values in [lo, hi) (a small LCG), so a failing case reproduces. */
export function seededValues(count: number, seed: number, lo = -1, hi = 1): Float32Array {
  const out = new Float32Array(count);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < count; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    out[i] = lo + ((state >>> 8) / (1 << 24)) * (hi - lo);
  }
  return out;
}
