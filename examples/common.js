// Shared by the example pages: the WebGPU check, the bundled samples, image loading.
export const SAMPLES = {
  content: ['chelsea', 'coffee', 'astronaut'],
  style: ['hubble_deep_field', 'gravel', 'brick', 'astronaut'],
};

export const sampleUrl = (name) => `samples/${name}.png`;

/** Shows a clear message and returns false when this browser has no WebGPU. */
export async function checkWebGpu(messageElement) {
  let problem = null;
  if (!navigator.gpu) {
    problem = window.isSecureContext
      ? 'This browser does not expose WebGPU (navigator.gpu is missing). Use a recent Chrome, Edge or Safari, or enable WebGPU in your browser’s flags.'
      : 'WebGPU needs a secure context: open this page over https or from localhost.';
  } else if (!(await navigator.gpu.requestAdapter())) {
    problem = 'WebGPU is available but no GPU adapter was offered (disabled or blocklisted GPU?).';
  }
  if (problem) {
    messageElement.textContent = problem;
    messageElement.hidden = false;
  }
  return problem === null;
}

/** An ImageBitmap from a URL or a File, pixels as stored (no colour-space conversion). */
export async function loadBitmap(source) {
  const blob = source instanceof Blob ? source : await (await fetch(source)).blob();
  return createImageBitmap(blob, { colorSpaceConversion: 'none', premultiplyAlpha: 'none' });
}

/** Draws an ImageBitmap or RGBA pixels into a canvas, resizing the canvas to fit. */
export function show(canvas, image) {
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext('2d');
  if (image.data) context.putImageData(new ImageData(new Uint8ClampedArray(image.data), image.width, image.height), 0, 0);
  else context.drawImage(image, 0, 0);
}

/** Counts frames and shows the rate in `element` once a second; `stats` is read by the tests. */
export function frameRate(element) {
  const stats = { frames: 0, fps: 0 };
  let since = performance.now();
  let count = 0;
  const tick = () => {
    stats.frames++;
    count++;
    const now = performance.now();
    if (now - since > 1000) {
      stats.fps = (1000 * count) / (now - since);
      element.textContent = `${stats.fps.toFixed(1)} fps`;
      since = now;
      count = 0;
    }
  };
  return { stats, tick };
}

/** A texture's pixels as tight RGBA rows (what a test compares; the benchmark reads its snapshots this way too). */
export async function readTexture(device, texture) {
  const rowBytes = Math.ceil((4 * texture.width) / 256) * 256;
  const buffer = device.createBuffer({ size: rowBytes * texture.height, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
  const encoder = device.createCommandEncoder();
  encoder.copyTextureToBuffer({ texture }, { buffer, bytesPerRow: rowBytes }, [texture.width, texture.height]);
  device.queue.submit([encoder.finish()]);
  await buffer.mapAsync(GPUMapMode.READ);
  const padded = new Uint8Array(buffer.getMappedRange());
  const tight = new Uint8ClampedArray(4 * texture.width * texture.height);
  for (let y = 0; y < texture.height; y++) tight.set(padded.subarray(y * rowBytes, y * rowBytes + 4 * texture.width), 4 * y * texture.width);
  buffer.destroy();
  return tight;
}

/** Where the pages keep the tuner's record, so that only the first visit on an adapter measures it. */
const TUNING_KEY = 'webgpu-style-swap/tuning';

/**
 * createStyleSwap with the tuner's record kept in localStorage: reused on later visits (the library re-measures,
 * with a warning, a record from another adapter or version), stored after a measurement. `say` gets a status line.
 */
export async function createRememberingStyleSwap(createStyleSwap, options = {}, say = () => {}) {
  let stored;
  try {
    stored = JSON.parse(localStorage.getItem(TUNING_KEY) ?? 'null') ?? undefined;
  } catch {
    stored = undefined;
  }
  say(stored ? 'Loading the weights…' : 'Loading the weights, then measuring this GPU once (kept for later visits)…');
  const onProgress = (p) => say(`Measuring this GPU once (kept for later visits): ${p.done} of ${p.total} timings…`);
  const swap = await createStyleSwap({ ...options, tuning: stored ?? 'measure', onProgress });
  try {
    localStorage.setItem(TUNING_KEY, JSON.stringify(swap.tuning));
  } catch {
    // storage full or disabled: the next visit measures again
  }
  return swap;
}
