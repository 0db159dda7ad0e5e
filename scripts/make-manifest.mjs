// Writes weights/manifest.json (file names, sizes, sha256, every tensor's dtype and shape) from a weights folder.
// usage: node scripts/make-manifest.mjs [weights-dir=weights]
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'weights';
const files = { encoder: 'vgg19_relu3_1.safetensors', decoder: 'decoder_relu3_1.safetensors' };
const manifest = {};
for (const [network, file] of Object.entries(files)) {
  const bytes = readFileSync(join(dir, file));
  const headerLength = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString('utf8'));
  const tensors = {};
  for (const [name, info] of Object.entries(header)) {
    if (name !== '__metadata__') tensors[name] = { dtype: info.dtype, shape: info.shape };
  }
  manifest[network] = { file, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), tensors };
}
writeFileSync('weights/manifest.json', JSON.stringify(manifest, null, 2) + '\n');
console.log('wrote weights/manifest.json');
