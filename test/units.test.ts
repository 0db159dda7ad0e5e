// Pure TypeScript pieces: dispatch math, safetensors parsing, weight packing, the approximate match's basis, adapter errors.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GpuContext } from '../src/gpu/context';
import { workgroupCounts } from '../src/gpu/dispatch';
import { PlanCache } from '../src/gpu/planCache';
import { packConvWeights } from '../src/kernels/conv3x3';
import { inDeclaredOrder, wgslInterface } from '../src/kernels/wgslInterface';
import { principalBasis } from '../src/model/principalBasis';
import { parseSafetensors, readTensor } from '../src/model/safetensors';
import { seededValues } from './helpers/compare';
import { dawnProvider } from '../src/node/dawn';

describe('workgroupCounts', () => {
  it('covers every thread, at least one workgroup per axis', () => {
    expect(workgroupCounts([1, 1, 1], [16, 4, 1], 65535, 'k')).toEqual([1, 1, 1]);
    expect(workgroupCounts([17, 9, 3], [16, 4, 1], 65535, 'k')).toEqual([2, 3, 3]);
    expect(workgroupCounts([0, 5, 0], [16, 4, 1], 65535, 'k')).toEqual([1, 2, 1]);
  });
  it('names the kernel and axis past the device limit', () => {
    expect(() => workgroupCounts([16, 65536 * 4 + 1, 1], [16, 4, 1], 65535, 'conv1_1')).toThrow(
      /conv1_1: 65537 workgroups along axis y exceed this device's limit of 65535/,
    );
  });
});

describe('kernel interfaces read from the WGSL', () => {
  it('every shader declares u32 Params and named bindings', () => {
    for (const file of readdirSync('shaders')) {
      const declared = wgslInterface(readFileSync(join('shaders', file), 'utf8'), file);
      expect(declared.params.length, file).toBeGreaterThan(0);
      expect(declared.bindings.length, file).toBeGreaterThan(0);
    }
    const declared = wgslInterface(readFileSync('shaders/match_reduce.wgsl', 'utf8'), 'match_reduce');
    expect(declared).toEqual({ params: ['content_windows', 'splits'], bindings: ['best_score', 'best_index', 'score', 'argmax'] });
  });

  it('orders values by declaration and refuses a missing or an extra one, naming both lists', () => {
    expect(inDeclaredOrder(['rows', 'cols'], { cols: 3, rows: 2 }, 'k')).toEqual([2, 3]);
    expect(() => inDeclaredOrder(['rows', 'cols'], { rows: 2 }, 'gram params')).toThrow(/gram params: missing cols \(declared: rows, cols\)/);
    expect(() => inDeclaredOrder(['rows'], { rows: 2, colls: 3 }, 'k')).toThrow(/not declared: colls/);
    expect(() => wgslInterface('struct Params {\n  scale: f32,\n}\n@group(0) @binding(0) var<uniform> params: Params;', 'bad')).toThrow(/Params\.scale is f32/);
  });
});

describe('PlanCache', () => {
  const plan = (name: string, log: string[]) => Promise.resolve({ bytes: 10, destroy: () => log.push(name) });

  it('keeps the most recently used plans up to its capacity and destroys the rest', async () => {
    const log: string[] = [];
    const cache = new PlanCache(2);
    const a = await cache.get('a', () => plan('a', log));
    await cache.get('b', () => plan('b', log));
    expect(await cache.get('a', () => plan('a again', log))).toBe(a); // a hit: not made again, and now the newest
    await cache.get('c', () => plan('c', log));
    await Promise.resolve();
    expect(log).toEqual(['b']); // the least recently used went
    expect(await cache.bytes()).toBe(20);
    cache.destroyAll();
    await Promise.resolve();
    expect(log.sort()).toEqual(['a', 'b', 'c']);
    expect(await cache.bytes()).toBe(0);
  });

  it('forgets a plan whose making failed, so the next call tries again', async () => {
    const cache = new PlanCache(2);
    await expect(cache.get('x', () => Promise.reject(new Error('no pipeline')))).rejects.toThrow(/no pipeline/);
    const log: string[] = [];
    expect((await cache.get('x', () => plan('x', log))).bytes).toBe(10);
  });
});

describe('safetensors', () => {
  const build = (header: object, data: Uint8Array) => {
    const json = new TextEncoder().encode(JSON.stringify(header));
    const bytes = new Uint8Array(8 + json.length + data.length);
    new DataView(bytes.buffer).setBigUint64(0, BigInt(json.length), true);
    bytes.set(json, 8);
    bytes.set(data, 8 + json.length);
    return bytes;
  };
  it('reads F32 and I32 tensors and the metadata', () => {
    const data = new Uint8Array(new Float32Array([1.5, -2]).buffer.byteLength + 4);
    new Float32Array(data.buffer, 0, 2).set([1.5, -2]);
    new Int32Array(data.buffer, 8, 1).set([-7]);
    const file = parseSafetensors(
      build({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'I32', shape: [1], data_offsets: [8, 12] }, __metadata__: { k: 'v' } }, data),
    );
    expect([...readTensor(file, 'a')]).toEqual([1.5, -2]);
    expect([...readTensor(file, 'b')]).toEqual([-7]);
    expect(file.metadata).toEqual({ k: 'v' });
  });
  it('refuses short files, bad headers and tensors past the end', () => {
    expect(() => parseSafetensors(new Uint8Array(3))).toThrow(/shorter than a safetensors header/);
    expect(() => parseSafetensors(build({}, new Uint8Array(0)).subarray(0, 9))).toThrow(/runs past the end of the file/);
    const badJson = build({}, new Uint8Array(0));
    badJson[8] = 0x7b + 1;
    expect(() => parseSafetensors(badJson)).toThrow(/not valid JSON/);
    expect(() => parseSafetensors(build({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, new Uint8Array(8)))).toThrow(
      /tensor a .* runs past the end/,
    );
  });
});

describe('packConvWeights', () => {
  it('puts output channels contiguous per (channel, tap) and pads them with zeros', () => {
    const weight = Float32Array.from({ length: 3 * 2 * 9 }, (_, i) => i + 1); // [out 3, in 2, 3, 3]
    const packed = packConvWeights({ name: 'c', inChannels: 2, outChannels: 3, weight, bias: new Float32Array([1, 2, 3]) }, 2);
    expect(packed.outGroups).toBe(2); // 3 channels padded to 8
    for (let k = 0; k < 18; k++) {
      expect([...packed.weights.subarray(k * 8, k * 8 + 8)]).toEqual([weight[k], weight[18 + k], weight[36 + k], 0, 0, 0, 0, 0]);
    }
    expect([...packed.bias]).toEqual([1, 2, 3, 0, 0, 0, 0, 0]);
  });
});

describe('principalBasis', () => {
  /** Rows of an orthonormal n × n matrix, from seeded vectors. */
  function orthonormalRows(n: number): Float64Array[] {
    const rows: Float64Array[] = [];
    for (let r = 0; r < n; r++) {
      const v = Float64Array.from(seededValues(n, 100 + r));
      for (const u of rows) {
        const d = v.reduce((sum, x, i) => sum + x * u[i]!, 0);
        v.forEach((x, i) => (v[i] = x - d * u[i]!));
      }
      const length = Math.hypot(...v);
      rows.push(v.map((x) => x / length));
    }
    return rows;
  }
  /** Columns of a [n][rank] basis, and the Gram matrix of them (identity if orthonormal). */
  const columns = (basis: Float32Array, n: number, rank: number) =>
    Array.from({ length: rank }, (_, r) => Array.from({ length: n }, (_, c) => basis[c * rank + r]!));
  const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((sum, x, i) => sum + x * b[i]!, 0);
  function expectOrthonormal(q: number[][]) {
    q.forEach((a, i) => q.forEach((b, j) => expect(dot(a, b)).toBeCloseTo(i === j ? 1 : 0, 5)));
  }

  it('spans the leading eigenvectors of a matrix with known ones, orthonormally', () => {
    const n = 20;
    const v = orthonormalRows(n);
    const eigenvalues = Array.from({ length: n }, (_, i) => 2 ** -i); // well separated: 1, 1/2, 1/4, …
    const moment = new Float32Array(n * n);
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) moment[a * n + b] = v.reduce((sum, e, k) => sum + eigenvalues[k]! * e[a]! * e[b]!, 0);
    const q = columns(principalBasis(moment, n, 5), n, 5);
    expectOrthonormal(q);
    // Each of the 5 leading eigenvectors lies in the span: its projection onto the basis keeps its whole length.
    for (let k = 0; k < 5; k++) expect(q.reduce((sum, column) => sum + dot(v[k]!, column) ** 2, 0)).toBeCloseTo(1, 4);
    expect(q.reduce((sum, column) => sum + dot(v[5]!, column) ** 2, 0)).toBeLessThan(1e-4);
  });

  it('fills the directions a matrix lacks (all zeros, rank one) with orthonormal vectors; a rank past the channels leaves zero columns', () => {
    expectOrthonormal(columns(principalBasis(new Float32Array(36), 6, 4), 6, 4));
    const rankOne = new Float32Array(36).map((_, i) => (i === 0 ? 3 : 0));
    const q = columns(principalBasis(rankOne, 6, 4), 6, 4);
    expectOrthonormal(q);
    expect(Math.abs(q[0]![0]!)).toBeCloseTo(1, 6);
    const wide = columns(
      principalBasis(
        new Float32Array(9).map((_, i) => (i % 4 === 0 ? i + 1 : 0)),
        3,
        5,
      ),
      3,
      5,
    );
    expectOrthonormal(wide.slice(0, 3));
    expect(
      wide
        .slice(3)
        .flat()
        .every((x) => x === 0),
    ).toBe(true);
  });

  it('refuses a matrix of the wrong size', () => {
    expect(() => principalBasis(new Float32Array(10), 4, 2)).toThrow(/10 values for a 4×4 matrix/);
  });
});

describe('no adapter', () => {
  it('says so and, in Node on Linux, how to get a software Vulkan driver', async () => {
    const provider = { ...dawnProvider, requestAdapter: () => Promise.resolve(null) };
    await expect(GpuContext.request(provider, 'test')).rejects.toThrow(/No WebGPU adapter is available\. .*mesa-vulkan-drivers/);
  });
});
