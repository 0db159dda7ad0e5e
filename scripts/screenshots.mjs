// Makes the README's pictures (docs/*.png) from the CC0 samples: the CLI's sample output and a screenshot of each
// example page in headless Chromium (SwiftShader here, so small sizes). Run after `npm run build`.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import puppeteer from 'puppeteer-core';
import { CHROMIUM_FLAGS } from './chromiumFlags.mjs';
import { startStaticServer } from './staticServer.mjs';

mkdirSync('docs', { recursive: true });
execFileSync('node', ['dist/node/cli.js', '--output', 'docs/sample.png'], { stdio: 'inherit' });

const { server, url } = await startStaticServer({ '/dist/': 'dist', '/weights/': 'weights', '/': 'examples' });
const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: CHROMIUM_FLAGS,
});
const shots = [
  ['studio', 'index.html?content=chelsea&style=hubble_deep_field&maxContentSize=160&maxStyleSize=128&autorun=1', () => 'studioResult' in window],
  ['live', 'live.html?size=96', () => window.liveStats?.frames >= 2],
  ['embed', 'embed.html?content=coffee&style=gravel&size=160&maxStyleSize=128', () => 'embedDone' in window],
];
for (const [name, path, ready] of shots) {
  const page = await browser.newPage();
  await page.setViewport({ width: 1100, height: 820 });
  await page.goto(`${url}/${path}`);
  await page.waitForFunction(ready, { timeout: 600_000, polling: 1000 });
  await page.screenshot({ path: `docs/${name}.png` });
  console.log(`docs/${name}.png`);
  await page.close();
}
await browser.close();
server.close();
