// LaunchSettings records kept between runs, one JSON file per adapter, precision and library version, in the user's cache.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { TuningRecord } from '../tuning/record';
import type { TuningStore } from '../tuning/store';
import { packageVersion } from './packageRoot';

/** `$XDG_CACHE_HOME/webgpu-style-swap`, else `~/.cache/webgpu-style-swap`. */
export function tuningCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'webgpu-style-swap');
}

/** The file for `key` in this library version: a hash, as adapter names hold slashes and spaces. */
export function tuningCacheFile(key: string): string {
  const hash = createHash('sha256').update(`${packageVersion()}\n${key}`).digest('hex').slice(0, 16);
  return join(tuningCacheDir(), `tuning-${hash}.json`);
}

export const nodeTuningStore: TuningStore = {
  get location() {
    return tuningCacheDir();
  },
  async read(key) {
    const text = await readFile(tuningCacheFile(key), 'utf8').catch(() => undefined);
    if (text === undefined) return undefined;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return 'unreadable JSON';
    }
  },
  async write(key, record: TuningRecord) {
    const file = tuningCacheFile(key);
    try {
      await mkdir(tuningCacheDir(), { recursive: true });
      // Written aside and renamed, so a process reading it meanwhile never sees half a record.
      const partial = `${file}.${process.pid}.tmp`;
      await writeFile(partial, JSON.stringify(record, null, 2));
      await rename(partial, file);
    } catch (error) {
      console.warn(
        `webgpu-style-swap: cannot keep the tuning record in ${file} (${(error as NodeJS.ErrnoException).code ?? String(error)}); the next run measures again`,
      );
    }
  },
};
