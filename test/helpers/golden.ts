import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSafetensors, readTensor } from '../../src/model/safetensors';
import { tensor, type Tensor } from '../../src/reference/tensor';

/** ../shared beside the checkout: golden fixtures, weights and images (read-only, never committed). */
export const SHARED = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared');
export const GOLDEN = resolve(SHARED, 'golden');
export const WEIGHTS_DIR = resolve(SHARED, 'weights');

/** Every tensor of a golden file, CHW tensors for rank-3 entries and raw arrays for the rest. */
export function readGolden(file: string) {
  const parsed = parseSafetensors(readFileSync(resolve(GOLDEN, file)));
  const raw = (name: string) => readTensor(parsed, name);
  const chw = (name: string): Tensor => {
    const [c, h, w] = parsed.tensors.get(name)!.shape as [number, number, number];
    return tensor(c, h, w, raw(name) as Float32Array);
  };
  return { names: [...parsed.tensors.keys()], raw, chw, metadata: parsed.metadata };
}
