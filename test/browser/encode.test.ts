// In a real browser: headless Chromium loads the built browser bundle from 127.0.0.1, encodes the golden image
// and compares with the golden features. Any console error, page error or WebGPU validation error fails it.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer } from '../../scripts/staticServer.mjs';
import { ARTIFACTS, CHROMIUM, launchChromium, screenshot, watchPage } from '../helpers/browser';
import { jpegWithOrientation, pngHeaderOnly } from '../helpers/images';
import { FIXTURES, WEIGHTS_DIR } from '../helpers/fixtures';

let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync('dist/index.js')) throw new Error('dist/index.js is missing: `npm test` builds it first (npm run build)');
  if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run \`npm run setup\` (or set CHROMIUM_PATH)`);
  mkdirSync(ARTIFACTS, { recursive: true });
  const stored = { width: 16, height: 8, data: new Uint8Array(4 * 16 * 8).fill(200) };
  writeFileSync(join(ARTIFACTS, 'phone.jpg'), jpegWithOrientation(stored, 6));
  writeFileSync(join(ARTIFACTS, 'bomb.png'), pngHeaderOnly(20000, 20000));
  ({ server, url: base } = await startStaticServer({
    '/dist/': 'dist',
    '/weights/': WEIGHTS_DIR,
    '/fixtures/': FIXTURES,
    '/artifacts/': ARTIFACTS,
    '/': 'test/browser',
  }));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  server?.close();
});

describe('browser bundle in headless Chromium', () => {
  it('encodes the golden image (ImageBitmap, rgba8unorm and bgra8unorm GPUTextures, an unaligned width) to the golden relu3_1 features', async () => {
    const page = await browser.newPage();
    const problems = watchPage(page);
    await page.goto(`${base}/encode.html`);
    const result = await page.evaluate(() => (window as unknown as { testResult: Promise<Record<string, unknown>> }).testResult);
    await screenshot(page, 'browser-encode');
    expect(result.error, String(result.error)).toBeUndefined();
    console.log(`[browser test] adapter: ${String(result.adapter)}; relu3_1 rel. L2 error ${(result.relativeL2 as number).toExponential(2)}`);
    expect(result.shape).toEqual([256, 12, 16]);
    expect(result.relativeL2).toBeLessThan(1e-4);
    console.log(`[browser test] from textures: ${String(result.fromTextures)}`);
    for (const error of result.fromTextures as number[]) expect(error).toBeLessThan(1e-4);
    expect(result.croppedMatches, 'a 61×45 bgra8unorm texture encodes exactly like its pixels').toBe(true);
    expect(result.fromBlob, 'a PNG Blob').toBeLessThan(1e-4);
    expect(result.phoneFeatures, 'a JPEG Blob with EXIF orientation 6 is decoded upright').toEqual([4, 2]);
    expect(result.bomb).toEqual({ code: 'image', message: expect.stringMatching(/^image is 20000×20000 \(400\.0 MP\), over the limit of 100\.0 MP/) });
    expect(problems).toEqual([]);
    await page.close();
  });
});
