// npm pack / publish: copies the two weight files and their BSD-2 notice into weights/, so the published package
// is self-contained (the binaries stay out of git). Source: $STYLE_SWAP_WEIGHTS or ../shared/weights.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const source = process.env.STYLE_SWAP_WEIGHTS ?? '../shared/weights';
const manifest = JSON.parse(readFileSync('weights/manifest.json', 'utf8'));
for (const { file } of Object.values(manifest)) copyFileSync(join(source, file), join('weights', file));
copyFileSync(join(source, 'original', 'LICENSE'), join('weights', 'LICENSE'));
console.log(`copied ${Object.values(manifest).map((m) => m.file).join(', ')} and LICENSE from ${source} into weights/`);
