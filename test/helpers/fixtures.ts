import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSafetensors, readTensor } from '../../src/model/safetensors';
import { tensor, type Tensor } from '../../src/reference/tensor';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
/** The golden fixtures of an independent numpy implementation (test/fixtures/README.md says what each holds). */
export const FIXTURES = resolve(REPO, 'test/fixtures');
/** The package's own weights/ folder. */
export const WEIGHTS_DIR = resolve(REPO, 'weights');

/** Every tensor of a golden file, CHW tensors for rank-3 entries and raw arrays for the rest. */
export function readGolden(file: string) {
  const parsed = parseSafetensors(readFileSync(resolve(FIXTURES, file)));
  const raw = (name: string) => readTensor(parsed, name);
  const chw = (name: string): Tensor => {
    const [c, h, w] = parsed.tensors.get(name)!.shape as [number, number, number];
    return tensor(c, h, w, raw(name) as Float32Array);
  };
  return { names: [...parsed.tensors.keys()], raw, chw, metadata: parsed.metadata };
}
