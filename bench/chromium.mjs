// npm run bench -- --chromium [--runs N]: the tuner's choices and the kernel table (bench/kernels.mjs) in headless
// Chromium, Debian's (CHROMIUM_PATH to change), with WebGPU on SwiftShader's Vulkan where there is no GPU: the kernels
// are bundled for the browser by esbuild from src/, the page (bench/chromium/index.html) runs them, and its console
// lines are printed here.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_FLAGS } from '../scripts/chromiumFlags.mjs';
import { startStaticServer } from '../scripts/staticServer.mjs';
import { KERNELS } from './reference.mjs';

const DONE = /^BENCHMARK (FINISHED|FAILED)/;

export async function chromiumBench(runs) {
  const folder = mkdtempSync(join(tmpdir(), 'style-swap-bench-'));
  const bundle = await build({
    stdin: {
      contents: `${KERNELS}\nexport { kernelTable } from './bench/kernels.mjs';\nexport { tunerTable } from './bench/tuner.mjs';`,
      resolveDir: '.',
      loader: 'ts',
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'error',
    loader: { '.wgsl': 'text' },
  });
  writeFileSync(join(folder, 'bench.js'), bundle.outputFiles[0].text);
  copyFileSync('bench/chromium/index.html', join(folder, 'index.html'));
  const { server, url } = await startStaticServer({ '/dist/': 'dist', '/weights/': 'weights', '/': folder });
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_FLAGS,
    protocolTimeout: 0,
  });
  try {
    const page = await browser.newPage();
    const finished = new Promise((resolve) =>
      page.on('console', (message) => {
        const text = message.text();
        console.log(text);
        const done = DONE.exec(text);
        if (done) resolve(done[1] === 'FINISHED');
      }),
    );
    page.on('pageerror', (error) => console.log(`page error: ${error.message}`));
    await page.goto(`${url}/index.html?runs=${runs}`);
    if (!(await finished)) process.exitCode = 1;
  } finally {
    await browser.close();
    server.close();
    rmSync(folder, { recursive: true, force: true });
  }
}
