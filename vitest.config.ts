import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// The same '.wgsl' → text transform that tsup applies to the bundle.
const wgslAsText = {
  name: 'wgsl-as-text',
  enforce: 'pre' as const,
  load(id: string) {
    if (!id.endsWith('.wgsl')) return null;
    return `export default ${JSON.stringify(readFileSync(id, 'utf8'))};`;
  },
};

export default defineConfig({
  plugins: [wgslAsText],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // One GPU adapter on two cores: files run one after another.
    fileParallelism: false,
    // Tuning records are kept in a cache folder of this run's own: shared by its tests, never by a user's runs.
    env: { XDG_CACHE_HOME: mkdtempSync(join(tmpdir(), 'style-swap-test-cache-')) },
  },
});
