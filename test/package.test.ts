// The published shape: the browser entry's module graph has no Node built-ins; both entries load in their format.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';

function moduleGraph(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen;
  seen.add(entry);
  const code = readFileSync(entry, 'utf8');
  for (const [, specifier] of code.matchAll(/(?:import|export)[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
    if (specifier!.startsWith('.')) moduleGraph(join(dirname(entry), specifier!), seen);
    else seen.add(specifier!);
  }
  return seen;
}

describe('package', () => {
  const pkg = JSON.parse(readFileSync('package.json', 'utf8'));

  it('the browser entry (".") imports nothing but its own chunks', () => {
    const entry = pkg.exports['.'].import.default;
    const bare = [...moduleGraph(entry)].filter((m) => !m.startsWith('dist/') && !m.startsWith('./'));
    expect(bare).toEqual([]);
  });

  it('is side-effect free and exposes both entries in ESM and CommonJS', async () => {
    expect(pkg.sideEffects).toBe(false);
    const esmBrowser = await import('../dist/index.js');
    const esmNode = await import('../dist/node/index.js');
    const require = createRequire(import.meta.url);
    const cjsBrowser = require('../dist/index.cjs');
    const cjsNode = require('../dist/node/index.cjs');
    for (const entry of [esmBrowser, esmNode, cjsBrowser, cjsNode]) {
      expect(typeof entry.createStyleSwap).toBe('function');
      expect(typeof entry.StyleSwapError).toBe('function');
    }
  });

  it('the engine helpers (./three, ./babylon) load in both formats and import neither engine nor a Node built-in', async () => {
    const require = createRequire(import.meta.url);
    for (const [entry, names] of [
      ['three', ['threeDevice', 'threeTexture']],
      ['babylon', ['babylonDevice', 'babylonTexture']],
    ] as const) {
      const bare = [...moduleGraph(pkg.exports[`./${entry}`].import.default)].filter((m) => !m.startsWith('dist/') && !m.startsWith('./'));
      expect(bare, entry).toEqual([]);
      const esm = await import(`../dist/${entry}/index.js`);
      const cjs = require(`../dist/${entry}/index.cjs`);
      for (const name of names) expect([typeof esm[name], typeof cjs[name]], name).toEqual(['function', 'function']);
    }
  });

  it('StyleSwapError.is works across the ESM and CommonJS builds, where instanceof cannot', async () => {
    const esm = await import('../dist/node/index.js');
    const cjs = createRequire(import.meta.url)('../dist/node/index.cjs');
    const fromCjs = await cjs.createStyleSwap({ weights: {} }).catch((e: unknown) => e);
    expect(fromCjs).not.toBeInstanceOf(esm.StyleSwapError); // two builds, two classes
    expect(esm.StyleSwapError.is(fromCjs)).toBe(true);
    expect(esm.StyleSwapError.is(fromCjs, 'weights')).toBe(true);
    expect(cjs.StyleSwapError.is(new esm.StyleSwapError('option', 'x'), 'option')).toBe(true);
  });
});
