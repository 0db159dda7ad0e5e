import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let version: string | undefined;

/** This package's version, from its package.json (read once). */
export function packageVersion(): string {
  return (version ??= (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version);
}

/** This package's root folder: the nearest package.json named webgpu-style-swap above this module. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'webgpu-style-swap') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('webgpu-style-swap: cannot find the package root above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}
