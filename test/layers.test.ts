// The source's layers point one way: gpu ← kernels ← model ← tuning ← core ← entries (index.ts, browser/, node/, three/, babylon/).
// errors.ts and api.ts (the public types) sit below all of them; the CPU reference (reference/) is the tests'
// oracle, so no GPU code may share code with it, and it may borrow only type declarations from them.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = 'src';
const ENTRY_FOLDERS = ['browser', 'node', 'three', 'babylon'];
const LAYERS = ['base', 'gpu', 'kernels', 'model', 'tuning', 'core', 'entry'] as const;

function layerOf(file: string): (typeof LAYERS)[number] | 'reference' | 'data' {
  if (!file.startsWith(`${SRC}/`)) return 'data'; // shaders/*.wgsl, weights/manifest.json
  const path = relative(SRC, file);
  const top = path.includes('/') ? path.split('/')[0]! : path;
  if (top === 'errors.ts' || top === 'api.ts' || top === 'wgsl.d.ts') return 'base';
  if (top === 'index.ts' || ENTRY_FOLDERS.includes(top)) return 'entry';
  if (top === 'reference') return 'reference';
  if ((LAYERS as readonly string[]).includes(top)) return top as (typeof LAYERS)[number];
  throw new Error(`layers test: no layer for ${file}; add it to the test`);
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Every relative import of every source file: who imports what, and whether only types. */
function imports() {
  const edges: { from: string; to: string; typeOnly: boolean }[] = [];
  for (const file of sourceFiles(SRC)) {
    const code = readFileSync(file, 'utf8');
    for (const [, typeKeyword, spec] of code.matchAll(/^(?:import|export)\s+(type\s+)?[^'"]*?from\s+'(\.[^']+)'/gm)) {
      const target = join(dirname(file), spec!);
      edges.push({ from: file, to: /\.(wgsl|json)$/.test(target) ? target : `${target}.ts`, typeOnly: Boolean(typeKeyword) });
    }
  }
  return edges;
}

describe('layers', () => {
  const edges = imports();

  it('finds the imports it checks', () => {
    expect(edges.length).toBeGreaterThan(100);
    expect(edges.some((e) => layerOf(e.from) === 'core' && layerOf(e.to) === 'model')).toBe(true);
  });

  it('no module imports from a layer above its own', () => {
    const upward = edges.filter(({ from, to }) => {
      const [a, b] = [layerOf(from), layerOf(to)];
      if (a === 'reference' || b === 'reference' || b === 'data') return false;
      return LAYERS.indexOf(b) > LAYERS.indexOf(a as (typeof LAYERS)[number]);
    });
    expect(upward.map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it('the browser and Node entries do not import each other', () => {
    const across = edges.filter(
      ({ from, to }) => (from.startsWith('src/node/') && to.startsWith('src/browser/')) || (from.startsWith('src/browser/') && to.startsWith('src/node/')),
    );
    expect(across.map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it('no GPU code imports the CPU reference, and the reference borrows only types from GPU code', () => {
    const intoReference = edges.filter((e) => layerOf(e.to) === 'reference' && layerOf(e.from) !== 'reference');
    expect(intoReference.map((e) => `${e.from} → ${e.to}`)).toEqual([]);
    const fromReference = edges.filter((e) => layerOf(e.from) === 'reference' && !['reference', 'base', 'data'].includes(layerOf(e.to)) && !e.typeOnly);
    expect(fromReference.map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it('no import circles, type-only ones included: every module can be read before the modules it imports', () => {
    const next = new Map<string, string[]>();
    for (const { from, to } of edges) next.set(from, [...(next.get(from) ?? []), to]);
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]) => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        circles.push([...path.slice(path.indexOf(file)), file].join(' → '));
        return;
      }
      state.set(file, 'open');
      for (const to of next.get(file) ?? []) visit(to, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of next.keys()) visit(file, []);
    expect(circles).toEqual([]);
  });
});
