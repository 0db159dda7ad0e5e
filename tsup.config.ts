import { defineConfig } from 'tsup';

// Shaders are bundled as text, so the package needs no file access to find them at run time.
export default defineConfig([
  {
    entry: { index: 'src/index.ts', 'node/index': 'src/node/index.ts', 'three/index': 'src/three/index.ts', 'babylon/index': 'src/babylon/index.ts' },
    format: ['esm', 'cjs'],
    // The declarations name GPUDevice and GPUTexture: a consumer gets them from @webgpu/types (a dependency).
    dts: { banner: '/// <reference types="@webgpu/types" />' },
    sourcemap: true,
    clean: true,
    shims: true, // import.meta.url in the CommonJS build (node/packageRoot.ts)
    target: 'es2022',
    loader: { '.wgsl': 'text' },
    external: ['webgpu', 'pngjs', 'jpeg-js', 'sharp', 'cli-progress'],
  },
  {
    entry: { 'node/cli': 'src/node/cli/main.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'es2022',
    loader: { '.wgsl': 'text' },
    external: ['webgpu', 'pngjs', 'jpeg-js', 'sharp', 'cli-progress'],
    banner: { js: '#!/usr/bin/env node' },
  },
]);
