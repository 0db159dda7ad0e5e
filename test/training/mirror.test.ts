// The trainer's PyTorch networks and swap (training/stylenet.py) against the library's WGSL ones on the test pair:
// the decoder it trains must be the decoder the library runs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createStyleSwap, readImageFile, type NodeImage, type StyleSwap } from '../../src/node/index';
import { FIXTURES, WEIGHTS_DIR } from '../helpers/fixtures';
import { PYTHON, REPO } from './python';

let swap: StyleSwap<NodeImage>;
const folder = mkdtempSync(join(tmpdir(), 'mirror-'));
beforeAll(async () => {
  swap = await createStyleSwap({ weights: WEIGHTS_DIR });
});
afterAll(() => {
  swap?.destroy();
  rmSync(folder, { recursive: true, force: true });
});

const bytes = (array: ArrayBufferView) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

it("encoder, swap and decoder equal the library's (≥ 40 dB each, on coffee × starry)", async () => {
  const content = await readImageFile(resolve(FIXTURES, 'coffee_128x88.png'));
  const style = await readImageFile(resolve(FIXTURES, 'starry_96x64.png'));
  const contentFeatures = await swap.encode(content);
  const styleFeatures = await swap.encode(style);
  const swapped = await swap.swap(contentFeatures, styleFeatures, { patchSize: 3, patchStride: 1, matchSpace: 'vgg19' });
  const decoded = await swap.decode(swapped.features);
  const files: Record<string, ArrayBufferView> = {
    'content.rgba': content.data,
    'style.rgba': style.data,
    'content.f32': contentFeatures.data,
    'style.f32': styleFeatures.data,
    'swapped.f32': swapped.features.data,
    'argmax.i32': swapped.argmax,
    'decoded.rgba': decoded.data,
  };
  for (const [name, data] of Object.entries(files)) writeFileSync(join(folder, name), bytes(data));
  const size = (image: { width: number; height: number }) => ({ width: image.width, height: image.height });
  writeFileSync(join(folder, 'meta.json'), JSON.stringify({ content: size(content), style: size(style) }));

  const run = spawnSync(PYTHON, [resolve(REPO, 'training/mirror_check.py'), folder], { encoding: 'utf8' });
  expect(run.status, `mirror_check.py failed: ${run.error ?? run.stderr}`).toBe(0);
  const figures = JSON.parse(run.stdout) as Record<string, number>;
  console.log(`[training mirror] ${JSON.stringify(figures)}`);
  for (const stage of ['encoder_content_db', 'encoder_style_db', 'swap_db', 'decoder_db', 'end_to_end_db']) {
    expect(figures[stage], stage).toBeGreaterThanOrEqual(40);
  }
  expect(figures.match_agreement).toBeGreaterThanOrEqual(0.99);
});
