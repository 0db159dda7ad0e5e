/**
 * Argmax equal to the golden one, except where the two choices score within 1e-4 relative of each other (a tie
 * that float32 summation order may break either way). Throws naming the first real mismatch.
 */
export function tiesExplain(actual: Int32Array, expected: Int32Array, actualBest: Float32Array, expectedBest: Float32Array): void {
  if (actual.length !== expected.length) throw new Error(`argmax has ${actual.length} windows, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    if (actual[i] === expected[i]) continue;
    const a = actualBest[i]!;
    const e = expectedBest[i]!;
    if (Math.abs(a - e) > 1e-4 * Math.abs(e)) {
      throw new Error(`argmax[${i}] is ${actual[i]} (score ${a}), expected ${expected[i]} (score ${e}): not a tie`);
    }
  }
}
