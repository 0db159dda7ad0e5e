// Worker page: stylize on the main thread, then in a worker, and measure the main thread's frame rate during each.
import { createStyleSwap } from '/dist/index.js';
import { checkWebGpu, loadBitmap, sampleUrl, show, createRememberingStyleSwap } from './common.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search); // ?size=&autorun=1 (used by the tests)
const status = (text) => ($('status').textContent = text);

// Counts animation frames; a blocked main thread counts few.
let frames = 0;
(function spin() {
  frames++;
  $('spinner').textContent = '◐◓◑◒'[frames % 4];
  requestAnimationFrame(spin);
})();

/** Runs `work` and reports its time and the main thread's frames per second meanwhile. */
async function measured(work) {
  const [start, startFrames] = [performance.now(), frames];
  const result = await work();
  const seconds = (performance.now() - start) / 1000;
  return { result, seconds, fps: (frames - startFrames) / seconds };
}

const worker = new Worker('stylize-worker.js', { type: 'module' });
let nextId = 0;
function inWorker(content, style, options, canvas) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const onMessage = ({ data }) => {
      if (data.id !== id) return;
      worker.removeEventListener('message', onMessage);
      data.error ? reject(Object.assign(new Error(data.error), { code: data.code })) : resolve(data);
    };
    worker.addEventListener('message', onMessage);
    worker.postMessage({ id, content, style, options, canvas }, canvas ? [content, style, canvas] : [content, style]);
  });
}

async function main() {
  if (!(await checkWebGpu($('error')))) return;
  if (params.has('size')) $('size').value = params.get('size');
  const swap = await createRememberingStyleSwap(createStyleSwap, {}, status);
  worker.postMessage({ tuning: swap.tuning }); // the worker reuses this page's tuning: no timing, the same bytes
  status('Ready.');
  $('run').disabled = false; // disabled in the HTML until now, so that no click is lost while the page starts
  async function run() {
    $('run').disabled = true;
    const size = Number($('size').value);
    const options = { maxContentSize: size, maxStyleSize: size };
    const images = () => Promise.all([loadBitmap(sampleUrl('chelsea')), loadBitmap(sampleUrl('hubble_deep_field'))]);
    try {
      status('Stylizing on the main thread…');
      const [content, style] = await images();
      const main = await measured(() => swap.stylize(content, style, options));
      show($('main-canvas'), main.result);
      status('Stylizing in the worker…');
      const [workerContent, workerStyle] = await images();
      const off = await measured(() => inWorker(workerContent, workerStyle, options));
      show($('worker-canvas'), off.result);
      const row = (name, m) => `<tr><td>${name}</td><td>${m.seconds.toFixed(1)} s</td><td>${m.fps.toFixed(1)} main-thread fps</td></tr>`;
      $('rates').innerHTML = row('main thread', main) + row('worker', off);
      const equal = (a, b) => a.length === b.length && a.every((v, i) => v === b[i]);
      const same = equal(main.result.data, off.result.data);
      // OffscreenCanvas output: the worker draws on the GPU into a canvas this page transferred to it (once).
      let offscreen = null;
      if ('transferControlToOffscreen' in HTMLCanvasElement.prototype && !$('offscreen-canvas').dataset.transferred) {
        $('offscreen-canvas').dataset.transferred = '1';
        const [c, s] = await images();
        const drawn = await inWorker(c, s, options, $('offscreen-canvas').transferControlToOffscreen());
        offscreen = { same: equal(main.result.data, drawn.data) };
      }
      status(same ? 'Done: the worker gives the same pixels.' : 'Done, but the pixels differ!');
      window.workerResult = { same, offscreen, main: { seconds: main.seconds, fps: main.fps }, worker: { seconds: off.seconds, fps: off.fps } };
    } catch (error) {
      status(`Error: ${error.message}`);
      window.workerResult = { error: error.message };
    } finally {
      $('run').disabled = false;
    }
  }
  $('run').addEventListener('click', run);
  if (params.get('autorun') === '1') run();
}

main().catch((error) => {
  status(`Error: ${error.message}`);
  window.workerResult = { error: error.message };
});
