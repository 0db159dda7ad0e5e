// Live: camera / video file / panning photo → stylized frames with a prepared style, and an fps counter.
import { createStyleSwap } from '/dist/index.js';
import { SAMPLES, checkWebGpu, loadBitmap, sampleUrl, show, createRememberingStyleSwap } from './common.js';

const $ = (id) => document.getElementById(id);
const stats = (window.liveStats = { frames: 0, fps: 0, source: '' });
const params = new URLSearchParams(location.search); // ?size=<frame size> (used by the tests)
if (params.has('size')) $('size').value = params.get('size');
const input = $('input');
const video = document.createElement('video');
video.muted = true;
video.playsInline = true;
let source = null; // what a frame is read from: the video element, or the pan canvas
let panImage = null;
let paused = false;

async function useCamera() {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } });
  video.srcObject = stream;
  await video.play();
  source = video;
  stats.source = 'camera';
}

async function useVideoFile(file) {
  video.srcObject = null;
  video.src = URL.createObjectURL(file);
  video.loop = true;
  await video.play();
  source = video;
  stats.source = `video file ${file.name}`;
}

async function usePan() {
  panImage = await loadBitmap(sampleUrl('astronaut'));
  source = document.createElement('canvas');
  source.width = 320;
  source.height = 240;
  stats.source = 'no camera: a slow pan across astronaut.png';
}

/** The current frame, scaled to `size` on its long side, in the input canvas (which stylize reads). */
function grabFrame(size, time) {
  const [w, h] = source === video ? [video.videoWidth, video.videoHeight] : [source.width, source.height];
  if (source !== video) {
    // Pan: a window of the photo drifting to and fro.
    const x = ((Math.sin(time / 4000) + 1) / 2) * (panImage.width - source.width);
    source.getContext('2d').drawImage(panImage, x, (panImage.height - source.height) / 2, source.width, source.height, 0, 0, source.width, source.height);
  }
  const scale = size / Math.max(w, h);
  input.width = Math.max(4, Math.round(w * scale));
  input.height = Math.max(4, Math.round(h * scale));
  input.getContext('2d').drawImage(source, 0, 0, input.width, input.height);
  return input;
}

async function main() {
  if (!(await checkWebGpu($('error')))) return;
  for (const name of SAMPLES.style) $('style').add(new Option(name, name));
  const swap = await createRememberingStyleSwap(createStyleSwap);
  let style = await swap.prepareStyle(await loadBitmap(sampleUrl($('style').value)), { maxStyleSize: 256 });
  const switchStyle = async (image) => {
    const next = await swap.prepareStyle(image, { maxStyleSize: 256 });
    const previous = style;
    style = next;
    previous.destroy();
  };
  $('style').addEventListener('change', async () => switchStyle(await loadBitmap(sampleUrl($('style').value))));
  $('style-file').addEventListener('change', async (e) => e.target.files[0] && switchStyle(await loadBitmap(e.target.files[0])));
  $('video-file').addEventListener('change', (e) => e.target.files[0] && useVideoFile(e.target.files[0]));
  $('toggle').addEventListener('click', () => {
    paused = !paused;
    $('toggle').textContent = paused ? 'Resume' : 'Pause';
  });

  await useCamera().catch(usePan);
  $('source').textContent = `${stats.source} · ${swap.adapter}`;

  const recent = [];
  for (;;) {
    if (paused) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    const frame = grabFrame(Number($('size').value), performance.now());
    // Strength and colour are read each frame: a change applies to the next one.
    const controls = { strength: $('strength').valueAsNumber, preserveColor: $('preserveColor').checked };
    const result = await swap.stylize(frame, style, { maxContentSize: Number($('size').value), ...controls });
    stats.controls = controls;
    show($('output'), result);
    stats.frames++;
    const now = performance.now();
    recent.push(now);
    while (recent.length > 1 && now - recent[0] > 5000) recent.shift();
    stats.fps = recent.length > 1 ? ((recent.length - 1) * 1000) / (now - recent[0]) : 0;
    $('fps').textContent = recent.length > 1 ? `${stats.fps.toFixed(2)} fps · ${stats.frames} frames` : `– fps · ${stats.frames} frames`; // no rate from one frame
  }
}

main().catch((error) => {
  $('error').textContent = `Error: ${error.message}`;
  $('error').hidden = false;
  console.error(error);
});
