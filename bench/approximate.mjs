// The approximate match against the exact one at 256² / 256² on three sample pairs: the match stage's time (profiled
// stylize of a prepared style, so the style's one-time projection is not in it; that cost is its own column), the
// share of content windows whose patch is the exact match's, and the stylized image's PSNR against the exact one's.
import { benchImage } from './images.mjs';

const PAIRS = [
  ['astronaut', 'gravel'],
  ['chelsea', 'hubble_deep_field'],
  ['coffee', 'brick'],
];

export async function approximateTable(swap, row, runs, median) {
  console.log('\n## Approximate match against exact, 256² / 256² (match stage of a profiled stylize, median of runs)');
  console.log(row(['content × style', 'exact match', 'approximate match', 'speed-up', 'once per style (projection)', 'argmax agreement', 'PSNR vs exact']));
  console.log(row(['---', '---:', '---:', '---:', '---:', '---:', '---:']));
  for (const [contentName, styleName] of PAIRS) {
    const content = benchImage(contentName, 256);
    const styleImage = benchImage(styleName, 256);
    const style = await swap.prepareStyle(styleImage);
    const matchMs = async (match) => {
      const times = [];
      for (let r = 0; r < runs; r++) times.push((await swap.stylize(content, style, { match, profile: true })).timings.match);
      return median(times);
    };
    await swap.stylize(content, style); // warm-up: compiles, builds the plan
    const exactMs = await matchMs('exact');
    const first = performance.now();
    await swap.stylize(content, style, { match: 'approximate' }); // computes the style's projection, builds the plan
    const firstMs = performance.now() - first;
    const steady = performance.now();
    await swap.stylize(content, style, { match: 'approximate' });
    const projectionMs = firstMs - (performance.now() - steady);
    const approximateMs = await matchMs('approximate');

    const [contentFeatures, styleFeatures] = [await swap.encode(content), await swap.encode(styleImage)];
    const exact = await swap.swap(contentFeatures, styleFeatures);
    const approximate = await swap.swap(contentFeatures, styleFeatures, { match: 'approximate' });
    const agreement = exact.argmax.filter((j, i) => j === approximate.argmax[i]).length / exact.argmax.length;
    const [a, b] = [await swap.stylize(content, style), await swap.stylize(content, style, { match: 'approximate' })];
    style.destroy();
    console.log(
      row([
        `${contentName} × ${styleName}`,
        `${exactMs.toFixed(0)} ms`,
        `${approximateMs.toFixed(0)} ms`,
        `${(exactMs / approximateMs).toFixed(2)}×`,
        `${projectionMs.toFixed(0)} ms`,
        `${(100 * agreement).toFixed(2)}%`,
        `${rgbPsnr(a.data, b.data).toFixed(1)} dB`,
      ]),
    );
  }
}

/** PSNR (dB) of two RGBA8 images over their RGB. */
function rgbPsnr(x, y) {
  let se = 0;
  let n = 0;
  for (let i = 0; i < x.length; i++) {
    if (i % 4 === 3) continue;
    se += (x[i] - y[i]) ** 2;
    n++;
  }
  return se === 0 ? Infinity : 10 * Math.log10((255 * 255 * n) / se);
}
