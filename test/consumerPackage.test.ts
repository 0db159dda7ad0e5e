// The published package as a user gets it: `npm pack`, install the tarball into an empty project in a temp folder,
// then use it from Node (ESM and CommonJS, no options, no environment), from TypeScript (bundler, node16, nodenext)
// and from a browser page (a Vite build, and the package served unbundled), and lint it with publint and attw.
// Nothing here reads the repository's own weights or sources: only the tarball's files.
import { execFile } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readImageFile } from '../src/node/imageFiles';
import { startStaticServer } from '../scripts/staticServer.mjs';
import { CHROMIUM, launchChromium, screenshot, watchPage } from './helpers/browser';
import { psnr } from './helpers/compare';
import { FIXTURES } from './helpers/fixtures';

const run = promisify(execFile);
const REPO = resolve('.');
const bin = (name: string) => join(REPO, 'node_modules', '.bin', name);
/** The environment of a user who has set nothing: no STYLE_SWAP_WEIGHTS. */
const plainEnv = { ...process.env };
delete plainEnv.STYLE_SWAP_WEIGHTS;
const CONTENT = join(FIXTURES, 'coffee_128x88.png');
const STYLE = join(FIXTURES, 'starry_96x64.png');

let project: string;
let tarball: string;

beforeAll(async () => {
  if (!existsSync('dist/index.js')) throw new Error('dist/ is missing: `npm test` builds it first (npm run build)');
  project = mkdtempSync(join(tmpdir(), 'webgpu-style-swap-consumer-'));
  cpSync('test/consumer', project, { recursive: true });
  const { stdout } = await run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', project]);
  const [packed] = JSON.parse(stdout) as { filename: string; size: number; unpackedSize: number; entryCount: number }[];
  tarball = join(project, packed!.filename);
  console.log(
    `[consumer] ${packed!.filename}: ${(packed!.size / 1e6).toFixed(2)} MB packed, ${(packed!.unpackedSize / 1e6).toFixed(2)} MB unpacked, ${packed!.entryCount} files`,
  );
  // --prefer-offline: the dependencies are in npm's cache after `npm ci`; the registry is asked only if they are not.
  await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball], { cwd: project, env: plainEnv });
}, 300_000);
afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

const nodeScript = async (script: string, output: string, ...images: string[]) => {
  const { stdout } = await run('node', [script, output, ...images], { cwd: project, env: plainEnv });
  return JSON.parse(stdout.trim().split('\n').pop()!) as { width: number; height: number };
};

describe('the packed tarball, installed into an empty project', () => {
  it('Node ESM and CommonJS scripts stylize the bundled samples with no options and no environment', async () => {
    const esm = await nodeScript('stylize-esm.mjs', 'samples-esm.png');
    const cjs = await nodeScript('stylize-cjs.cjs', 'samples-cjs.png');
    const sample = await readImageFile(join(project, 'node_modules/webgpu-style-swap/examples/samples/chelsea.png'));
    expect(esm).toEqual({ width: sample.width, height: sample.height });
    expect(cjs).toEqual(esm);
    const [fromEsm, fromCjs] = await Promise.all([readImageFile(join(project, 'samples-esm.png')), readImageFile(join(project, 'samples-cjs.png'))]);
    // Each process tunes on its own, and a near tie may pick another conv variant: the same result up to rounding.
    expect(psnr(fromEsm.data, fromCjs.data, 255), 'ESM and CommonJS give the same pixels').toBeGreaterThan(45);
    const db = psnr(fromEsm.data, sample.data, 255);
    console.log(`[consumer] samples stylized ${esm.width}×${esm.height}; PSNR against the unstyled content ${db.toFixed(1)} dB`);
    expect(db, 'the output is stylized, not the content passed through').toBeLessThan(20);
  });

  it('the installed package reproduces the golden stylize output (PSNR > 40 dB)', async () => {
    await nodeScript('stylize-esm.mjs', 'golden-pair.png', CONTENT, STYLE);
    const [ours, golden] = await Promise.all([
      readImageFile(join(project, 'golden-pair.png')),
      readImageFile(join(FIXTURES, 'stylize_coffee_starry_vgg19.png')),
    ]);
    const db = psnr(ours.data, golden.data, 255);
    console.log(`[consumer] coffee × starry from the tarball vs golden: ${db.toFixed(1)} dB`);
    expect(db).toBeGreaterThan(40);
  });

  it.each(['bundler', 'node16', 'nodenext'])('a TypeScript consumer typechecks under moduleResolution %s (skipLibCheck off)', async (mode) => {
    const result = await run('node', [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', `typecheck/tsconfig.${mode}.json`], { cwd: project }).catch(
      (e) => e,
    );
    expect(`${result.stdout ?? ''}${result.stderr ?? ''}`).toBe('');
  });

  it('publint and arethetypeswrong report nothing', async () => {
    const publint = await run(bin('publint'), ['run', tarball, '--strict']);
    expect(publint.stdout).toMatch(/All good!/);
    const attw = await run(bin('attw'), [tarball, '--format', 'json']).then(
      (r) => ({ ...r, code: 0 }),
      (e) => e,
    );
    expect(JSON.parse(attw.stdout).analysis.problems).toEqual([]);
    expect(attw.code).toBe(0);
  });
});

describe('the installed package in headless Chromium', () => {
  let server: Server;
  let base: string;
  let browser: Browser;
  let nodeOutput: Awaited<ReturnType<typeof readImageFile>>;
  const app = () => join(project, 'app');

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: run \`npm run setup\` (or set CHROMIUM_PATH)`);
    copyFileSync(CONTENT, join(app(), 'content.png'));
    copyFileSync(STYLE, join(app(), 'style.png'));
    await run('node', [join(REPO, 'node_modules/vite/bin/vite.js'), 'build', '--base', './', '--logLevel', 'warn'], { cwd: app() });
    await nodeScript('stylize-esm.mjs', 'browser-pair.png', CONTENT, STYLE);
    nodeOutput = await readImageFile(join(project, 'browser-pair.png'));
    ({ server, url: base } = await startStaticServer({
      '/bundled/': join(app(), 'dist'),
      '/unbundled/': app(),
      '/package/': join(project, 'node_modules/webgpu-style-swap'),
    }));
    browser = await launchChromium();
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  it('Vite emits the weights as assets of the app', () => {
    const assets = readdirSync(join(app(), 'dist/assets'));
    for (const file of ['vgg19_relu3_1', 'decoder_relu3_1']) {
      expect(
        assets.some((name) => name.startsWith(file) && name.endsWith('.safetensors')),
        `${file} in ${assets.join(', ')}`,
      ).toBe(true);
    }
  });

  it.each([
    ['a Vite build of the app', 'bundled/index.html'],
    ['the package served as is, no bundler', 'unbundled/unbundled.html'],
  ])('%s: styleSwap(content, style) with no options equals the Node output (PSNR ≥ 35 dB)', async (what, path) => {
    const page = await browser.newPage();
    const problems = watchPage(page);
    await page.goto(`${base}/${path}`);
    const result = await page.evaluate(
      () => (window as unknown as { stylized: Promise<{ error?: string; width: number; height: number; data: number[] }> }).stylized,
    );
    await screenshot(page, `consumer-${path.split('/')[0]}`);
    await page.close();
    expect(result.error, result.error).toBeUndefined();
    expect([result.width, result.height]).toEqual([nodeOutput.width, nodeOutput.height]);
    const db = psnr(result.data, nodeOutput.data, 255);
    console.log(`[consumer] ${what} vs Node: ${db.toFixed(1)} dB`);
    expect(db).toBeGreaterThanOrEqual(35);
    expect(problems).toEqual([]);
  });
});
