// Half-float storage (precision: 'f16'), without a GPU: the rounding to f16 bits, their values, the packing, and the
// shader rewrite that turns an f32 binding into an f16 one.
import { describe, expect, it } from 'vitest';
import { float16Bits, float16Value, packFloat16, roundToFloat16, withFloat16Binding } from '../src/kernels/halfFloat';

describe('half floats', () => {
  it('rounds to the nearest f16, ties to even, through subnormals, overflow and the specials', () => {
    const cases: [number, number][] = [
      [0, 0x0000],
      [-0, 0x8000],
      [1, 0x3c00],
      [-2, 0xc000],
      [65504, 0x7bff], // the largest half
      [65520, 0x7c00], // halfway to the next binade: rounds up, to ∞
      [1e6, 0x7c00],
      [-Infinity, 0xfc00],
      [2 ** -14, 0x0400], // the smallest normal
      [2 ** -24, 0x0001], // the smallest subnormal
      [2 ** -25, 0x0000], // halfway to it: ties to even (zero)
      [3 * 2 ** -25, 0x0002], // halfway between 1 and 2 subnormal steps: to even (2)
      [1 + 2 ** -11, 0x3c00], // halfway between 1 and its successor: to even (1)
      [1 + 3 * 2 ** -11, 0x3c02], // halfway between successors 1 and 2: to even (2)
      [1 + 2 ** -11 + 2 ** -20, 0x3c01], // just past halfway: up
      [0.1, 0x2e66],
    ];
    for (const [value, bits] of cases) expect(float16Bits(value), String(value)).toBe(bits);
    expect(float16Bits(NaN) & 0x7c00).toBe(0x7c00);
    expect(float16Bits(NaN) & 0x3ff).not.toBe(0);
  });

  it('reads every finite f16 back to a value that rounds to the same bits', () => {
    for (let bits = 0; bits < 0x10000; bits++) {
      if ((bits & 0x7c00) === 0x7c00) continue; // ∞ and NaN
      expect(float16Bits(float16Value(bits))).toBe(bits === 0x8000 ? 0x8000 : bits);
    }
    expect(float16Value(0x7c00)).toBe(Infinity);
    expect(float16Value(0x3555)).toBeCloseTo(1 / 3, 3);
  });

  it('packs two halves to a word, the first in the low bits; rounds arrays elementwise', () => {
    expect([...packFloat16(new Float32Array([1, -2, 0.5]))]).toEqual([((0xc000 << 16) | 0x3c00) >>> 0, 0x3800]);
    expect([...roundToFloat16(new Float32Array([0.1, 1 / 3]))]).toEqual([float16Value(0x2e66), float16Value(0x3555)]);
  });

  it('rewrites a vec4f binding read through its reader into vec4h widened to vec4f, and refuses other shaders', () => {
    const code = 'var<storage, read> weights: array<vec4f>;\nfn weights_at(i: u32) -> vec4f { return weights[i]; }';
    expect(withFloat16Binding(code, 'weights')).toBe(
      'enable f16;\nvar<storage, read> weights: array<vec4h>;\nfn weights_at(i: u32) -> vec4f { return vec4f(weights[i]); }',
    );
    expect(() => withFloat16Binding(`${code}\nlet w = weights[3];`, 'weights')).toThrow(/read it only in weights_at/);
    expect(() => withFloat16Binding(code, 'filters')).toThrow(/declare filters as array<vec4f>/);
  });
});
