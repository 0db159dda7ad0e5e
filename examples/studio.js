// Studio: pick or drop two images, set the options, stylize, see the stage times, download the result.
import { createStyleSwap } from '/dist/index.js';
import { SAMPLES, checkWebGpu, loadBitmap, sampleUrl, show } from './common.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search); // ?content=&style=&<option>=&autorun=1 (used by the tests)
const images = { content: null, style: null };
const status = (text) => ($('status').textContent = text);

async function setImage(kind, source) {
  images[kind] = await loadBitmap(source);
  show($(`${kind}-canvas`), images[kind]);
}

function wirePanel(kind) {
  const select = $(`${kind}-sample`);
  for (const name of SAMPLES[kind]) select.add(new Option(name, name));
  select.value = params.get(kind) ?? SAMPLES[kind][0];
  select.addEventListener('change', () => setImage(kind, sampleUrl(select.value)));
  $(`${kind}-file`).addEventListener('change', (e) => e.target.files[0] && setImage(kind, e.target.files[0]));
  const panel = $(`${kind}-panel`);
  panel.addEventListener('dragover', (e) => {
    e.preventDefault();
    panel.classList.add('drop');
  });
  panel.addEventListener('dragleave', () => panel.classList.remove('drop'));
  panel.addEventListener('drop', (e) => {
    e.preventDefault();
    panel.classList.remove('drop');
    const file = [...e.dataTransfer.files].find((f) => f.type.startsWith('image/'));
    if (file) setImage(kind, file);
  });
  return setImage(kind, sampleUrl(select.value));
}

function readOptions() {
  for (const name of ['patchSize', 'patchStride', 'maxContentSize', 'maxStyleSize', 'matchSpace']) if (params.has(name)) $(name).value = params.get(name);
  const number = (id) => Number($(id).value);
  return {
    patchSize: number('patchSize'),
    patchStride: number('patchStride'),
    matchSpace: $('matchSpace').value,
    maxContentSize: number('maxContentSize'),
    maxStyleSize: number('maxStyleSize'),
  };
}

// Rough share of a stylize call per stage (measured on a CPU adapter): the bar moves by these.
const STAGE_SHARE = { 'encode style': 0.2, 'encode content': 0.25, match: 0.35, average: 0.02, decode: 0.18 };

/** An onProgress handler that moves the bar: finished stages count whole, the current one by its steps. */
function progressBar(bar) {
  const finished = new Set();
  bar.value = 0;
  bar.hidden = false;
  return ({ stage, done, total }) => {
    if (done === total) finished.add(stage);
    const complete = [...finished].reduce((sum, s) => sum + (STAGE_SHARE[s] ?? 0), 0);
    const current = finished.has(stage) ? 0 : (STAGE_SHARE[stage] ?? 0) * (done / total);
    bar.value = Math.min(1, complete + current);
  };
}

function showTimes(timings, totalMs) {
  const rows = Object.entries(timings).map(([stage, ms]) => `<tr><td>${stage}</td><td>${ms.toFixed(0)} ms</td></tr>`);
  rows.push(`<tr><td><b>total</b></td><td><b>${totalMs.toFixed(0)} ms</b></td></tr>`);
  $('times').innerHTML = rows.join('');
}

async function main() {
  if (!(await checkWebGpu($('error')))) return status('WebGPU is not available.');
  await Promise.all([wirePanel('content'), wirePanel('style')]);
  status('Loading the weights…');
  const swap = await createStyleSwap();
  status(`Ready on ${swap.adapter}.`);
  $('run').disabled = false;

  let cancel = null;
  $('cancel').addEventListener('click', () => cancel?.abort());

  async function run() {
    $('run').disabled = true;
    $('cancel').hidden = false;
    cancel = new AbortController();
    const options = readOptions();
    const started = performance.now();
    const tick = setInterval(() => status(`Stylizing… ${((performance.now() - started) / 1000).toFixed(1)} s (the first run also compiles the shaders)`), 200);
    try {
      const onProgress = progressBar($('progress'));
      const result = await swap.stylize(images.content, images.style, { ...options, profile: true, signal: cancel.signal, onProgress });
      show($('result-canvas'), result);
      showTimes(result.timings, performance.now() - started);
      $('result-canvas').toBlob((blob) => {
        $('download').href = URL.createObjectURL(blob);
        $('download').hidden = false;
      });
      status(`Done: ${result.width}×${result.height} on ${swap.adapter}.`);
      window.studioResult = { width: result.width, height: result.height, data: Array.from(result.data) };
    } catch (error) {
      const cancelled = error.code === 'aborted';
      status(cancelled ? 'Cancelled.' : `Error: ${error.message}`);
      window.studioResult = { error: error.message, code: error.code };
    } finally {
      clearInterval(tick);
      $('run').disabled = false;
      $('cancel').hidden = true;
    }
  }
  $('options').addEventListener('submit', (e) => {
    e.preventDefault();
    run();
  });
  if (params.get('autorun') === '1') run();
}

main().catch((error) => {
  status(`Error: ${error.message}`);
  window.studioResult = { error: error.message };
});
