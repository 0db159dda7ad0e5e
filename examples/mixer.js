// Studio: up to three more styles with weight sliders, and a mask brush: paint on the content where style 2 goes.
import { SAMPLES, loadBitmap, sampleUrl } from './common.js';

const MAX_EXTRA = 3;

/**
 * Wires the "more styles" panel. `entries(first)` gives the style list for stylize/match: the first style (the
 * studio's own panel) and each added one with its weight; with paint on the mask, style 2 goes where it is painted
 * and style 1 everywhere else (soft edges blend).
 */
export function createMixer({ panel, addButton, list, maskCanvas, clearButton, contentImage }) {
  const extra = []; // { image, weight }
  const paint = document.createElement('canvas'); // white where painted, black elsewhere, at the mask canvas's size
  let painted = false;

  function addRow() {
    if (extra.length >= MAX_EXTRA) return;
    const entry = { image: null, weight: 1 };
    extra.push(entry);
    const row = document.createElement('div');
    row.className = 'controls';
    const number = extra.length + 1;
    row.innerHTML = `<b>style ${number}</b>
      <label>sample <select></select></label>
      <label>or a file <input type="file" accept="image/*" /></label>
      <label>weight <input type="range" min="0" max="4" step="0.1" value="1" /></label>`;
    const select = row.querySelector('select');
    for (const name of SAMPLES.style) select.add(new Option(name, name));
    select.value = SAMPLES.style[number % SAMPLES.style.length];
    const load = async (source) => (entry.image = await loadBitmap(source));
    select.addEventListener('change', () => load(sampleUrl(select.value)));
    row.querySelector('input[type=file]').addEventListener('change', (e) => e.target.files[0] && load(e.target.files[0]));
    row.querySelector('input[type=range]').addEventListener('input', (e) => (entry.weight = e.target.valueAsNumber));
    list.append(row);
    addButton.disabled = extra.length >= MAX_EXTRA;
    // The mask says where style 2 goes: shown once there is a style 2.
    maskCanvas.parentElement.hidden = false;
    clearButton.hidden = false;
    return load(sampleUrl(select.value));
  }

  /** The paint canvas follows the content's aspect (a mask must match it within 1%). */
  function resetMask() {
    const image = contentImage();
    if (!image) return;
    const width = 256;
    paint.width = maskCanvas.width = width;
    paint.height = maskCanvas.height = Math.max(1, Math.round((width * image.height) / image.width));
    const context = paint.getContext('2d');
    context.fillStyle = 'black';
    context.fillRect(0, 0, paint.width, paint.height);
    painted = false;
    redraw();
  }

  function redraw() {
    const context = maskCanvas.getContext('2d');
    const image = contentImage();
    if (image) context.drawImage(image, 0, 0, maskCanvas.width, maskCanvas.height);
    context.globalAlpha = 0.55;
    context.globalCompositeOperation = 'screen';
    context.drawImage(paint, 0, 0);
    context.globalAlpha = 1;
    context.globalCompositeOperation = 'source-over';
  }

  function brush(event) {
    const rect = maskCanvas.getBoundingClientRect();
    const x = ((event.clientX - rect.left) / rect.width) * paint.width;
    const y = ((event.clientY - rect.top) / rect.height) * paint.height;
    const context = paint.getContext('2d');
    const radius = paint.width / 12;
    const soft = context.createRadialGradient(x, y, 0, x, y, radius); // soft edges
    soft.addColorStop(0, 'rgba(255,255,255,1)');
    soft.addColorStop(1, 'rgba(255,255,255,0)');
    context.fillStyle = soft;
    context.fillRect(x - radius, y - radius, 2 * radius, 2 * radius);
    painted = true;
    redraw();
  }

  let drawing = false;
  maskCanvas.addEventListener('pointerdown', (e) => {
    drawing = true;
    brush(e);
  });
  maskCanvas.addEventListener('pointermove', (e) => drawing && brush(e));
  window.addEventListener('pointerup', () => (drawing = false));
  clearButton.addEventListener('click', resetMask);
  addButton.addEventListener('click', addRow);
  panel.hidden = false;

  /** The mask as RGBA pixels, and its inverse. */
  function masks() {
    const pixels = paint.getContext('2d').getImageData(0, 0, paint.width, paint.height);
    const inverse = new ImageData(paint.width, paint.height);
    for (let i = 0; i < pixels.data.length; i += 4) {
      const v = 255 - pixels.data[i];
      inverse.data.set([v, v, v, 255], i);
    }
    return { mask: pixels, inverse };
  }

  return {
    resetMask,
    /** The style argument: the first style alone, or the list with weights and (when painted) masks. */
    entries(first, firstWeight) {
      const added = extra.filter((e) => e.image);
      if (added.length === 0 && firstWeight === 1) return first;
      const list = [{ style: first, weight: firstWeight }, ...added.map((e) => ({ style: e.image, weight: e.weight }))];
      if (painted && list.length >= 2) {
        const { mask, inverse } = masks();
        list[0].mask = inverse;
        list[1].mask = mask;
      }
      return list;
    },
  };
}
