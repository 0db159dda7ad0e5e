// Studio: pick or drop two images, set the options, stylize, see the stage times, download the result.
import { createStyleSwap } from '/dist/index.js';
import { SAMPLES, checkWebGpu, loadBitmap, readTexture, sampleUrl, show, createRememberingStyleSwap } from './common.js';
import { createMixer } from './mixer.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search); // ?content=&style=&<option>=&autorun=1 (used by the tests)
const images = { content: null, style: null };
const status = (text) => ($('status').textContent = text);

let mixer = null;

async function setImage(kind, source) {
  images[kind] = await loadBitmap(source);
  show($(`${kind}-canvas`), images[kind]);
  if (kind === 'content') mixer?.resetMask(); // a new content: a new mask of its shape
}

function wirePanel(kind) {
  const select = $(`${kind}-sample`);
  for (const name of SAMPLES[kind]) select.add(new Option(name, name));
  select.value = params.get(kind) ?? SAMPLES[kind][0];
  select.addEventListener('change', () => select.value && setImage(kind, sampleUrl(select.value)));
  // A file of the user's: the menu names it (an option of its own, replaced by the next file) instead of a sample.
  const useFile = (file) => {
    select.querySelector('option[data-file]')?.remove();
    const option = new Option(`your file: ${file.name}`, '');
    option.dataset.file = '1';
    select.add(option, 0);
    select.value = '';
    return setImage(kind, file);
  };
  $(`${kind}-file`).addEventListener('change', (e) => e.target.files[0] && useFile(e.target.files[0]));
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
    if (file) useFile(file);
  });
  return setImage(kind, sampleUrl(select.value));
}

/** Strength and colour: changing them re-renders the last match, without encoding or matching again. */
const readControls = () => ({ strength: $('strength').valueAsNumber, preserveColor: $('preserveColor').checked });

function readOptions() {
  for (const name of ['patchSize', 'patchStride', 'maxContentSize', 'maxStyleSize', 'matchSpace', 'match', 'strength', 'refineIterations'])
    if (params.has(name)) $(name).value = params.get(name);
  if (params.get('refine') === '1') $('refine').checked = true;
  const number = (id) => Number($(id).value);
  return {
    patchSize: number('patchSize'),
    patchStride: number('patchStride'),
    matchSpace: $('matchSpace').value,
    match: $('match').value,
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
  mixer = createMixer({
    panel: $('mix-panel'),
    addButton: $('add-style'),
    list: $('extra-styles'),
    maskCanvas: $('mask-canvas'),
    clearButton: $('clear-mask'),
    contentImage: () => images.content,
  });
  mixer.resetMask();
  const swap = await createRememberingStyleSwap(createStyleSwap, {}, status);
  status(`Ready on ${swap.adapter}.`);
  $('run').disabled = false;

  let cancel = null;
  $('cancel').addEventListener('click', () => cancel?.abort());
  let matched = null; // the last match: renders with new controls reuse it
  const stats = (window.studioStats = { matches: 0, renders: 0 });

  function showResult(result, timings, totalMs) {
    show($('result-canvas'), result);
    showTimes(timings, totalMs);
    $('result-canvas').toBlob((blob) => {
      $('download').href = URL.createObjectURL(blob);
      $('download').hidden = false;
    });
    window.studioResult = { width: result.width, height: result.height, data: Array.from(result.data) };
  }

  // A control moved: render the kept match again. Renders run one at a time; the last setting wins.
  let rendering = null;
  let pending = false;
  async function rerender() {
    if (!matched) return;
    if (rendering) {
      pending = true;
      return;
    }
    const started = performance.now();
    rendering = matched.render({ ...readControls(), profile: true });
    try {
      const result = await rendering;
      stats.renders++;
      showResult(result, result.timings, performance.now() - started);
      status(`Re-rendered (strength ${readControls().strength}, no new match) on ${swap.adapter}.`);
    } catch (error) {
      status(`Error: ${error.message}`);
    } finally {
      rendering = null;
      if (pending) {
        pending = false;
        rerender();
      }
    }
  }
  $('strength').addEventListener('input', rerender);
  $('preserveColor').addEventListener('change', rerender);

  async function run() {
    $('run').disabled = true;
    $('cancel').hidden = false;
    cancel = new AbortController();
    const options = readOptions();
    const started = performance.now();
    const tick = setInterval(() => status(`Stylizing… ${((performance.now() - started) / 1000).toFixed(1)} s (the first run also compiles the shaders)`), 200);
    let next = null;
    try {
      const onProgress = progressBar($('progress'));
      matched?.destroy();
      matched = null;
      const styles = mixer.entries(images.style, $('style-weight').valueAsNumber);
      window.studioMix = Array.isArray(styles)
        ? styles.map((s) => ({ weight: s.weight, mask: s.mask && { width: s.mask.width, height: s.mask.height, data: Array.from(s.mask.data) } }))
        : null;
      next = await swap.match(images.content, styles, { ...options, signal: cancel.signal, onProgress });
      await swap.device.queue.onSubmittedWorkDone(); // for an honest match time
      const matchMs = performance.now() - started;
      stats.matches++;
      const result = await next.render({ ...readControls(), profile: true, signal: cancel.signal, onProgress });
      [matched, next] = [next, null];
      stats.renders++;
      showResult(result, { 'match (encode, match, average)': matchMs, ...result.timings }, performance.now() - started);
      status(`Done: ${result.width}×${result.height} on ${swap.adapter}. Move the strength or colour controls to re-render.`);
      if ($('refine').checked) await refine(styles, options, cancel.signal, result);
    } catch (error) {
      const cancelled = error.code === 'aborted';
      status(cancelled ? 'Cancelled.' : `Error: ${error.message}`);
      window.studioResult = { error: error.message, code: error.code };
    } finally {
      next?.destroy(); // a match whose first render was cancelled or failed
      clearInterval(tick);
      $('run').disabled = false;
      $('cancel').hidden = true;
    }
  }
  // Refine: the same stylization sharpened by the optimisation mode. It writes the image into a texture of ours every
  // few steps (optimize + target); each progress report copies that texture into the canvas, so it sharpens in view.
  const refineCanvas = $('refine-canvas').getContext('webgpu');
  async function refine(styles, options, signal, { width, height }) {
    const target = swap.device.createTexture({ size: [width, height], format: 'rgba8unorm', usage: GPUTextureUsage.COPY_DST | GPUTextureUsage.COPY_SRC });
    $('refine-canvas').width = width;
    $('refine-canvas').height = height;
    refineCanvas.configure({
      device: swap.device,
      format: 'rgba8unorm',
      alphaMode: 'premultiplied',
      usage: GPUTextureUsage.COPY_DST | GPUTextureUsage.COPY_SRC,
    });
    $('refine-panel').hidden = false;
    const reports = [];
    const draw = () => {
      const encoder = swap.device.createCommandEncoder();
      encoder.copyTextureToTexture({ texture: target }, { texture: refineCanvas.getCurrentTexture() }, [width, height]);
      swap.device.queue.submit([encoder.finish()]);
    };
    try {
      const iterations = Number($('refineIterations').value);
      await swap.stylize(images.content, styles, {
        ...options,
        ...readControls(),
        optimize: { iterations },
        target,
        signal,
        onProgress: ({ stage, done, total, loss }) => {
          if (stage !== 'optimize') return;
          reports.push({ done, loss });
          $('refine-status').textContent = `step ${done} of ${total}, loss ${loss.toExponential(3)}`;
          draw();
        },
      });
      draw();
      window.studioRefine = { reports, width, height, pixels: Array.from(await readTexture(swap.device, target)) };
    } finally {
      target.destroy();
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
