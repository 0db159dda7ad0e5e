import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fetchWeights } from '../core/fetchWeights';
import { StyleSwapError } from '../errors';
import { weightsManifest } from '../model/manifest';
import type { WeightBytes, WeightsSource } from '../api';
import { packageRoot } from './packageRoot';

/** Where the weights are when no source is given: $STYLE_SWAP_WEIGHTS, else the package's own weights/ folder. */
export function defaultWeightsDir(): string {
  const fromEnv = process.env.STYLE_SWAP_WEIGHTS;
  return fromEnv ? resolve(fromEnv) : join(packageRoot(), 'weights');
}

/** Weights from bytes, an http(s) URL, a file: URL or a folder path. */
export async function loadWeightsNode(source: WeightsSource | undefined): Promise<WeightBytes> {
  if (source !== undefined && typeof source !== 'string' && !(source instanceof URL)) return source;
  const location = source === undefined ? defaultWeightsDir() : String(source);
  if (/^https?:/i.test(location)) return fetchWeights(location);
  const dir = location.startsWith('file:') ? fileURLToPath(location) : location;
  const readOne = async (file: string) => {
    const path = join(dir, file);
    try {
      return await readFile(path);
    } catch (cause) {
      const hint = source === undefined ? ' (set STYLE_SWAP_WEIGHTS or the weights option to the folder holding the weights)' : '';
      throw new StyleSwapError('weights', `cannot read weights file ${path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}${hint}`, { cause });
    }
  };
  const [encoder, decoder] = await Promise.all([readOne(weightsManifest.encoder.file), readOne(weightsManifest.decoder.file)]);
  return { encoder, decoder };
}
