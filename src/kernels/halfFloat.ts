// f16 storage for convolution weights (`precision: 'f16'`): the weights are rounded to IEEE half floats on upload
// and widened back to f32 where a kernel reads them, so every sum is still accumulated in f32.
import type { Precision } from '../api';

const f32 = new Float32Array(1);
const bits32 = new Uint32Array(f32.buffer);

/** The IEEE half float nearest to `value` (rounded to f32 first), as its 16 bits: ties to even, overflow to ∞. */
export function float16Bits(value: number): number {
  f32[0] = value;
  const x = bits32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0); // ∞ or NaN
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // A subnormal half (or zero): the implicit leading bit shifts into the mantissa.
    if (e < -10) return sign;
    mantissa |= 0x800000;
    return sign | roundShift(mantissa, 14 - e);
  }
  // Rounding may carry into the exponent, up to ∞: the bits stay right.
  return sign | ((e << 10) + roundShift(mantissa, 13));
}

/** mantissa >> shift, rounded to nearest, ties to even. */
function roundShift(mantissa: number, shift: number): number {
  const kept = mantissa >>> shift;
  const rest = mantissa & ((1 << shift) - 1);
  const half = 1 << (shift - 1);
  return rest > half || (rest === half && kept & 1) ? kept + 1 : kept;
}

/** The value of half-float bits. */
export function float16Value(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** Each value rounded to the nearest half float (what a kernel reads back from f16 storage). */
export function roundToFloat16(values: Float32Array): Float32Array {
  return values.map((v) => float16Value(float16Bits(v)));
}

/** Values as packed half floats, two to a u32 word (the lower half first, as array<vec4h> lays them out). */
export function packFloat16(values: Float32Array): Uint32Array {
  const words = new Uint32Array(Math.ceil(values.length / 2));
  for (let i = 0; i < values.length; i++) words[i >>> 1]! |= float16Bits(values[i]!) << (16 * (i & 1));
  return words;
}

/**
 * The f16-storage version of a kernel whose `binding` is an array<vec4f> read only through `fn <binding>_at(i)`:
 * the binding becomes array<vec4h> and the reader widens to vec4f. Throws if the shader is not written that way.
 */
export function withFloat16Binding(code: string, binding: string): string {
  const declaration = `var<storage, read> ${binding}: array<vec4f>;`;
  const reader = `return ${binding}[i];`;
  const reads = code.replace(/\/\/.*$/gm, '').split(`${binding}[`).length - 1; // comments aside
  if (!code.includes(declaration) || !code.includes(reader) || reads !== 1) {
    throw new Error(`the shader must declare ${binding} as array<vec4f> and read it only in ${binding}_at()`);
  }
  return `enable f16;\n${code.replace(declaration, `var<storage, read> ${binding}: array<vec4h>;`).replace(reader, `return vec4f(${binding}[i]);`)}`;
}

const rewritten = new Map<string, string>();

/**
 * A kernel's name and source at `precision`: as it is for 'f32'; for 'f16', `binding` stored as half floats
 * (withFloat16Binding), named `<name>_f16` so that its pipelines are cached apart.
 */
export function kernelAtPrecision(name: string, code: string, binding: string, precision: Precision): { name: string; code: string } {
  if (precision === 'f32') return { name, code };
  const f16Name = `${name}_f16`;
  let f16Code = rewritten.get(f16Name);
  if (f16Code === undefined) rewritten.set(f16Name, (f16Code = withFloat16Binding(code, binding)));
  return { name: f16Name, code: f16Code };
}

/** Values for a storage buffer at `precision`: as they are, or packed half floats. */
export function atPrecision(values: Float32Array, precision: Precision): Float32Array | Uint32Array {
  return precision === 'f16' ? packFloat16(values) : values;
}
