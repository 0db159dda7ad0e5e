/**
 * An orthonormal basis of the leading `rank`-dimensional eigenspace of the symmetric positive semi-definite
 * `moment` (channels × channels, row-major), as [channels][rank] f32: the approximate match's projection. Subspace
 * iteration from the matrix's own largest columns (a first power step for free); each step multiplies by the
 * matrix and re-orthonormalises (modified Gram–Schmidt, twice, in f64). Directions the matrix does not have (a
 * style of a few flat colours) are filled with unit vectors made orthogonal to the rest, so the basis is always
 * orthonormal; with rank ≥ channels it spans everything and the projection loses nothing.
 */
export function principalBasis(moment: Float32Array, channels: number, rank: number, iterations = 6): Float32Array {
  if (moment.length !== channels * channels) throw new Error(`principalBasis: ${moment.length} values for a ${channels}×${channels} matrix`);
  const kept = Math.min(rank, channels);
  const column = (c: number) => Float64Array.from({ length: channels }, (_, r) => moment[r * channels + c]!);
  const byWeight = [...Array(channels).keys()].sort((a, b) => moment[b * channels + b]! - moment[a * channels + a]! || a - b);
  let q = orthonormalise(byWeight.slice(0, kept).map(column), channels);
  for (let step = 0; step < iterations; step++)
    q = orthonormalise(
      q.map((v) => multiply(moment, channels, v)),
      channels,
    );
  const basis = new Float32Array(channels * rank);
  q.forEach((v, r) => v.forEach((x, c) => (basis[c * rank + r] = x)));
  return basis;
}

function multiply(m: Float32Array, n: number, v: Float64Array): Float64Array {
  const out = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    let sum = 0;
    for (let c = 0; c < n; c++) sum += m[r * n + c]! * v[c]!;
    out[r] = sum;
  }
  return out;
}

/** The vectors made orthonormal in order; one that collapses (dependent or zero) is replaced by a unit vector. */
function orthonormalise(vectors: Float64Array[], n: number): Float64Array[] {
  const done: Float64Array[] = [];
  let spare = 0;
  for (const original of vectors) {
    let v = original;
    for (;;) {
      const scale = Math.hypot(...v);
      for (let pass = 0; pass < 2; pass++) for (const u of done) subtract(v, u, dot(v, u));
      const length = Math.hypot(...v);
      if (length > 1e-9 * scale && length > 0) {
        done.push(v.map((x) => x / length));
        break;
      }
      v = new Float64Array(n);
      v[spare++ % n] = 1;
    }
  }
  return done;
}

const dot = (a: Float64Array, b: Float64Array) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);
const subtract = (v: Float64Array, u: Float64Array, k: number) => v.forEach((x, i) => (v[i] = x - k * u[i]!));
