// The example pages in headless Chromium, served from 127.0.0.1 like `npm run examples` serves them. Each page loads
// with no console error, WebGPU error or failed request, does its job, and leaves a screenshot in test/artifacts/.
// Sizes are small: Chromium's adapter here is SwiftShader, a CPU.
import type { Server } from 'node:http';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_ROUTES } from '../../scripts/exampleRoutes.mjs';
import { startStaticServer } from '../../scripts/staticServer.mjs';
import { createStyleSwap, type StylizeOptions } from '../../src/node/index';
import { psnr } from '../helpers/compare';
import { launchChromium, screenshot, watchPage } from '../helpers/browser';
import { WEIGHTS_DIR } from '../helpers/fixtures';

const PAGE_TIMEOUT = 300_000;
let server: Server;
let base: string;
let browser: Browser;

beforeAll(async () => {
  ({ server, url: base } = await startStaticServer(EXAMPLE_ROUTES));
  browser = await launchChromium(['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream']);
});
afterAll(async () => {
  await browser?.close();
  server?.close();
});

/** The same stylization in Node, as RGB values, for comparing with a page's pixels. */
async function nodeReference(content: string, style: string, options: StylizeOptions) {
  const swap = await createStyleSwap({ weights: WEIGHTS_DIR });
  try {
    const result = await swap.stylize(`examples/samples/${content}.png`, `examples/samples/${style}.png`, options);
    return { width: result.width, height: result.height, data: result.data };
  } finally {
    swap.destroy();
  }
}

const rgb = (data: ArrayLike<number>) => Array.from(data).filter((_, i) => i % 4 !== 3);

async function open(path: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems = watchPage(page);
  await page.goto(`${base}/${path}`);
  return { page, problems };
}

describe('example pages', () => {
  it('studio: runs on the samples and matches the Node output (PSNR > 35 dB)', { timeout: PAGE_TIMEOUT }, async () => {
    const options = { maxContentSize: 64, maxStyleSize: 64 };
    const { page, problems } = await open(`index.html?content=coffee&style=gravel&maxContentSize=64&maxStyleSize=64&autorun=1`);
    await page.waitForFunction(() => 'studioResult' in window, { timeout: PAGE_TIMEOUT, polling: 500 });
    const result = await page.evaluate(
      () => (window as unknown as { studioResult: { error?: string; width: number; height: number; data: number[] } }).studioResult,
    );
    await screenshot(page, 'studio');
    expect(result.error).toBeUndefined();
    const expected = await nodeReference('coffee', 'gravel', options);
    expect([result.width, result.height]).toEqual([expected.width, expected.height]);
    const db = psnr(rgb(result.data), rgb(expected.data), 255);
    console.log(`[examples] studio vs Node: ${db.toFixed(1)} dB`);
    expect(db).toBeGreaterThan(35);
    expect(await page.$eval('#download', (a) => (a as HTMLAnchorElement).hidden)).toBe(false);
    expect(await page.$eval('#progress', (p) => (p as HTMLProgressElement).value), 'the progress bar is full').toBe(1);
    expect(await page.$eval('#cancel', (b) => (b as HTMLButtonElement).hidden)).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it(
    'studio, approximate match: moving the strength slider re-renders the kept match (no new match) and equals Node at that strength',
    { timeout: PAGE_TIMEOUT },
    async () => {
      const options = { maxContentSize: 64, maxStyleSize: 64, match: 'approximate' as const };
      const { page, problems } = await open(`index.html?content=coffee&style=gravel&maxContentSize=64&maxStyleSize=64&match=approximate&autorun=1`);
      await page.waitForFunction(() => 'studioResult' in window, { timeout: PAGE_TIMEOUT, polling: 200 });
      await page.evaluate(() => {
        const slider = document.getElementById('strength') as HTMLInputElement;
        slider.value = '0.5';
        slider.dispatchEvent(new Event('input'));
      });
      await page.waitForFunction(() => (window as unknown as { studioStats: { renders: number } }).studioStats.renders >= 2, {
        timeout: PAGE_TIMEOUT,
        polling: 200,
      });
      const stats = await page.evaluate(() => (window as unknown as { studioStats: { matches: number; renders: number } }).studioStats);
      expect(stats).toEqual({ matches: 1, renders: 2 });
      expect(await page.$eval('#match', (select) => (select as HTMLSelectElement).value)).toBe('approximate');
      const result = await page.evaluate(() => (window as unknown as { studioResult: { width: number; height: number; data: number[] } }).studioResult);
      const expected = await nodeReference('coffee', 'gravel', { ...options, strength: 0.5 });
      const db = psnr(rgb(result.data), rgb(expected.data), 255);
      console.log(`[examples] studio re-render at strength 0.5 vs Node: ${db.toFixed(1)} dB`);
      expect(db).toBeGreaterThan(35);
      expect(problems).toEqual([]);
      await page.close();
    },
  );

  it('studio: a second style painted in with the mask brush gives the weighted, masked mix of Node', { timeout: PAGE_TIMEOUT }, async () => {
    const { page, problems } = await open('index.html?content=coffee&style=gravel&maxContentSize=64&maxStyleSize=64');
    await page.waitForFunction(() => !(document.getElementById('run') as HTMLButtonElement).disabled, { timeout: PAGE_TIMEOUT, polling: 200 });
    await page.click('#add-style'); // style 2: the 'brick' sample
    const box = (await (await page.$('#mask-canvas'))!.boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.3);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.6, { steps: 8 });
    await page.mouse.up();
    await new Promise((r) => setTimeout(r, 300)); // the sample of style 2 loads
    await page.click('#run');
    await page.waitForFunction(() => 'studioResult' in window, { timeout: PAGE_TIMEOUT, polling: 200 });
    const result = await page.evaluate(
      () => (window as unknown as { studioResult: { error?: string; width: number; height: number; data: number[] } }).studioResult,
    );
    expect(result.error).toBeUndefined();
    type Mix = { weight: number; mask?: { width: number; height: number; data: number[] } }[];
    const mix = await page.evaluate(() => (window as unknown as { studioMix: Mix }).studioMix);
    expect(mix.map((m) => m.weight)).toEqual([1, 1]);
    const painted = mix[1]!.mask!.data.filter((v, i) => i % 4 === 0 && v > 0).length;
    expect(painted, 'the brush painted some of the mask').toBeGreaterThan(100);
    const pixels = (m: Mix[number]) => ({ width: m.mask!.width, height: m.mask!.height, data: Uint8Array.from(m.mask!.data) });
    const styles = [
      { style: 'examples/samples/gravel.png', mask: pixels(mix[0]!) },
      { style: 'examples/samples/brick.png', mask: pixels(mix[1]!) },
    ];
    const swap = await createStyleSwap({ weights: WEIGHTS_DIR });
    const expected = await swap.stylize('examples/samples/coffee.png', styles, { maxContentSize: 64, maxStyleSize: 64 });
    swap.destroy();
    const db = psnr(rgb(result.data), rgb(expected.data), 255);
    console.log(`[examples] studio masked mix vs Node: ${db.toFixed(1)} dB`);
    expect(db).toBeGreaterThan(35);
    await screenshot(page, 'studio-mix');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('studio: Cancel stops a run at the next stage, and the next run completes', { timeout: PAGE_TIMEOUT }, async () => {
    const { page, problems } = await open('index.html?content=coffee&style=gravel&maxContentSize=64&maxStyleSize=64');
    await page.waitForFunction(() => !(document.getElementById('run') as HTMLButtonElement).disabled, { timeout: PAGE_TIMEOUT, polling: 200 });
    await page.click('#run');
    // Once the first stage has finished, the run is mid-way: cancel it there.
    await page.waitForFunction(() => (document.getElementById('progress') as HTMLProgressElement).value > 0, { timeout: PAGE_TIMEOUT, polling: 20 });
    await page.click('#cancel');
    await page.waitForFunction(() => 'studioResult' in window, { timeout: PAGE_TIMEOUT, polling: 200 });
    const cancelled = await page.evaluate(() => (window as unknown as { studioResult: { code?: string } }).studioResult);
    expect(cancelled.code).toBe('aborted');
    expect(await page.$eval('#status', (s) => s.textContent)).toBe('Cancelled.');
    expect(await page.$eval('#progress', (p) => (p as HTMLProgressElement).value)).toBeLessThan(1);
    await page.evaluate(() => delete (window as unknown as { studioResult?: unknown }).studioResult);
    await page.click('#run');
    await page.waitForFunction(() => 'studioResult' in window, { timeout: PAGE_TIMEOUT, polling: 200 });
    const again = await page.evaluate(() => (window as unknown as { studioResult: { error?: string; width: number } }).studioResult);
    expect(again.error).toBeUndefined();
    expect(again.width).toBe(64);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('studio: "refine" shows the optimisation sharpening step by step, and ends on Node\'s optimised pixels', { timeout: PAGE_TIMEOUT }, async () => {
    const { page, problems } = await open('index.html?content=coffee&style=gravel&maxContentSize=48&maxStyleSize=48&refine=1&refineIterations=12&autorun=1');
    await page.waitForFunction(
      () => 'studioRefine' in window || ('studioResult' in window && 'error' in (window as unknown as { studioResult: object }).studioResult),
      { timeout: PAGE_TIMEOUT, polling: 200 },
    );
    const refined = await page.evaluate(
      () =>
        (window as unknown as { studioRefine?: { reports: { done: number; loss: number }[]; width: number; height: number; pixels: number[] } }).studioRefine,
    );
    await screenshot(page, 'studio-refine');
    expect(refined, JSON.stringify(await page.evaluate(() => (window as unknown as { studioResult?: unknown }).studioResult))).toBeDefined();
    expect(refined!.reports.map((r) => r.done)).toEqual([1, 5, 10, 12]);
    expect(refined!.reports.at(-1)!.loss).toBeLessThan(refined!.reports[0]!.loss);
    const expected = await nodeReference('coffee', 'gravel', { maxContentSize: 48, maxStyleSize: 48, optimize: { iterations: 12 } });
    const db = psnr(rgb(refined!.pixels), rgb(expected.data), 255);
    console.log(`[examples] studio refine (12 steps) vs Node: ${db.toFixed(1)} dB`);
    expect(db).toBeGreaterThan(35);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('live: the fake camera is stylized frame after frame and the fps counter moves', { timeout: PAGE_TIMEOUT }, async () => {
    const { page, problems } = await open('live.html?size=32');
    await page.waitForFunction(() => (window as unknown as { liveStats: { frames: number } }).liveStats.frames >= 2, { timeout: PAGE_TIMEOUT, polling: 500 });
    const first = await page.$eval('#fps', (e) => e.textContent);
    await page.waitForFunction((text) => document.getElementById('fps')!.textContent !== text, { timeout: PAGE_TIMEOUT, polling: 500 }, first);
    const stats = await page.evaluate(() => (window as unknown as { liveStats: { frames: number; fps: number; source: string } }).liveStats);
    await screenshot(page, 'live');
    expect(stats.source).toBe('camera');
    expect(stats.fps).toBeGreaterThan(0);
    // The output canvas holds a stylized frame: not blank.
    const spread = await page.$eval('#output', (c) => {
      const canvas = c as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      return Math.max(...data.filter((_, i) => i % 4 === 0)) - Math.min(...data.filter((_, i) => i % 4 === 0));
    });
    expect(spread).toBeGreaterThan(10);
    // Strength and colour controls apply from the next frame on.
    const framesBefore = stats.frames;
    await page.evaluate(() => {
      const strength = document.getElementById('strength') as HTMLInputElement;
      strength.value = '0.25';
      (document.getElementById('preserveColor') as HTMLInputElement).checked = true;
    });
    await page.waitForFunction(
      (before) => {
        const live = (window as unknown as { liveStats: { frames: number; controls?: { strength: number; preserveColor: boolean } } }).liveStats;
        return live.frames > before + 1 && live.controls?.strength === 0.25 && live.controls.preserveColor;
      },
      { timeout: PAGE_TIMEOUT, polling: 200 },
      framesBefore,
    );
    expect(problems).toEqual([]);
    await page.close();
  });

  it('worker: the browser entry runs in a module worker and gives the same pixels as on the main thread', { timeout: PAGE_TIMEOUT }, async () => {
    const { page, problems } = await open('worker.html?size=64&autorun=1');
    await page.waitForFunction(() => 'workerResult' in window, { timeout: PAGE_TIMEOUT, polling: 200 });
    type Run = { seconds: number; fps: number };
    const result = await page.evaluate(
      () => (window as unknown as { workerResult: { error?: string; same: boolean; offscreen: { same: boolean }; main: Run; worker: Run } }).workerResult,
    );
    await screenshot(page, 'worker');
    expect(result.error, result.error).toBeUndefined();
    expect(result.same).toBe(true);
    expect(result.offscreen, 'drawn into an OffscreenCanvas by the worker, on the GPU').toMatchObject({ same: true });
    const line = (m: Run) => `${m.seconds.toFixed(1)} s at ${m.fps.toFixed(1)} main-thread fps`;
    console.log(`[examples] worker page, 64²: main thread ${line(result.main)}; worker ${line(result.worker)}`);
    expect(problems).toEqual([]);
    await page.close();
  });

  // The engine pages: each engine's texture, read back through the engine, against Node; the post-processing loops.
  type EngineTexture = { error?: string; width: number; height: number };
  type EnginePost = EngineTexture & { stats: { frames: number; fps: number } };
  type Capture = { rendered: number[]; result: number[] };
  const ENGINES = [
    { engine: 'three', page: 'three.html', global: 'threeExample' },
    { engine: 'babylon', page: 'babylon.html', global: 'babylonExample' },
  ] as const;

  for (const { engine, page: file, global } of ENGINES) {
    it(
      `${engine}: the cube's texture, written by the library and read back through the engine, equals the Node output`,
      { timeout: PAGE_TIMEOUT },
      async () => {
        const { page, problems } = await open(`${file}?mode=texture&content=chelsea&style=hubble_deep_field&size=64&maxStyleSize=64`);
        await page.waitForFunction((g) => g in window, { timeout: PAGE_TIMEOUT, polling: 200 }, global);
        const example = await page.evaluate((g) => (window as unknown as Record<string, EngineTexture>)[g]!, global);
        expect(example.error, example.error).toBeUndefined();
        const pixels = await page.evaluate(
          (g) => (window as unknown as Record<string, { read: () => Promise<ArrayLike<number>> }>)[g]!.read().then((d) => Array.from(d)),
          global,
        );
        await screenshot(page, `${engine}-texture`);
        const expected = await nodeReference('chelsea', 'hubble_deep_field', { maxContentSize: 64, maxStyleSize: 64 });
        expect([example.width, example.height]).toEqual([expected.width, expected.height]);
        expect(pixels.length).toBe(expected.data.length);
        const db = psnr(rgb(pixels), rgb(expected.data), 255);
        console.log(`[examples] ${engine} texture vs Node: ${db.toFixed(1)} dB`);
        expect(db).toBeGreaterThan(35);
        expect(problems).toEqual([]);
        await page.close();
      },
    );

    it(`${engine}: post-processing stylizes each rendered frame (as Node would) and the frames change`, { timeout: PAGE_TIMEOUT }, async () => {
      const { page, problems } = await open(`${file}?mode=post&style=brick&size=64&maxStyleSize=64`);
      await page.waitForFunction((g) => g in window, { timeout: PAGE_TIMEOUT, polling: 200 }, global);
      const capture = () => page.evaluate((g) => (window as unknown as Record<string, { capture: () => Promise<Capture> }>)[g]!.capture(), global);
      const first = await capture();
      const second = await capture();
      await page.waitForFunction((g) => (window as unknown as Record<string, EnginePost>)[g]!.stats.fps > 0, { timeout: PAGE_TIMEOUT, polling: 200 }, global);
      const example = await page.evaluate((g) => (window as unknown as Record<string, EnginePost>)[g]!, global);
      await screenshot(page, `${engine}-post`);
      expect(example.error, example.error).toBeUndefined();
      expect(example.stats.frames).toBeGreaterThanOrEqual(2);
      expect(psnr(rgb(first.result), rgb(second.result), 255), 'the scene moves, so the stylized frames differ').toBeLessThan(40);
      const { width, height } = example;
      const swap = await createStyleSwap({ weights: WEIGHTS_DIR });
      const expected = await swap.stylize({ width, height, data: Uint8Array.from(second.rendered) }, 'examples/samples/brick.png', { maxStyleSize: 64 });
      swap.destroy();
      const db = psnr(rgb(second.result), rgb(expected.data), 255);
      console.log(`[examples] ${engine} post-processing, ${width}×${height}: ${example.stats.fps.toFixed(2)} fps; a frame vs Node: ${db.toFixed(1)} dB`);
      expect(db).toBeGreaterThan(35);
      expect(problems).toEqual([]);
      await page.close();
    });
  }

  it('embed: the canvas shows the stylized image, drawn from the library texture', { timeout: PAGE_TIMEOUT }, async () => {
    const { page, problems } = await open('embed.html?content=chelsea&style=hubble_deep_field&size=64&maxStyleSize=64');
    await page.waitForFunction(() => 'embedDone' in window, { timeout: PAGE_TIMEOUT, polling: 500 });
    const pixels = await page.evaluate(() => (window as unknown as { embedPixels: () => Promise<number[]> }).embedPixels());
    await screenshot(page, 'embed');
    const expected = await nodeReference('chelsea', 'hubble_deep_field', { maxContentSize: 64, maxStyleSize: 64 });
    expect(pixels.length).toBe(expected.data.length);
    const db = psnr(rgb(pixels), rgb(expected.data), 255);
    console.log(`[examples] embed canvas vs Node: ${db.toFixed(1)} dB`);
    expect(db).toBeGreaterThan(35);
    expect(problems).toEqual([]);
    await page.close();
  });
});
