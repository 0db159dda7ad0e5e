// npm run bench -- --optimize: the optimisation mode on the bundled samples (chelsea × hubble_deep_field), at
// iterations 0 (the one pass), 25, 50, 100 and 200 of one run: the feature loss ‖Φ(I) − T‖², the style distance
// (mean over relu1_1, relu2_1, relu3_1 of ‖G(I) − G(S)‖² / ‖G(S)‖², G the Gram matrix over pixels / pixel count),
// the content distance ‖Φ(I) − Φ(C)‖² / ‖Φ(C)‖² at relu3_1, and the time per iteration. The images come from the
// target texture, which the optimisation writes at every report; the distances from the CPU reference encoder.
import { readFileSync } from 'node:fs';
import { readImageFile } from '../dist/node/index.js';
import { boxResize } from '../scripts/boxResize.mjs';
import { readTexture } from '../examples/common.js';
import { loadReference } from './reference.mjs';

const CHECKPOINTS = [25, 50, 100, 200];
const LAYERS = ['relu1_1', 'relu2_1', 'relu3_1'];

export async function optimizeBench(swap, device, row, settings, maxContentSize) {
  const ref = await loadReference();
  const weights = await ref.parseModelWeights({
    encoder: readFileSync('weights/vgg19_relu3_1.safetensors'),
    decoder: readFileSync('weights/decoder_relu3_1.safetensors'),
  });
  const full = await readImageFile('examples/samples/chelsea.png');
  const scale = Math.min(1, maxContentSize / Math.max(full.width, full.height));
  const content = scale < 1 ? boxResize(full, Math.round(full.width * scale), Math.round(full.height * scale)) : full; // the box filter stylize uses
  const style = await readImageFile('examples/samples/hubble_deep_field.png');
  const features = (image) => ref.referenceEncoder(weights.encoder, toTensor(ref, image));
  const [c, s] = [features(content), features(style)];
  const styleGrams = LAYERS.map((layer) => gram(s[layer]));
  const measure = (image) => {
    const f = features(image);
    const styleDistance =
      LAYERS.map((layer, i) => squaredDistance(gram(f[layer]), styleGrams[i]) / squaredNorm(styleGrams[i])).reduce((a, b) => a + b) / LAYERS.length;
    return { style: styleDistance, content: squaredDistance(f.relu3_1.data, c.relu3_1.data) / squaredNorm(c.relu3_1.data) };
  };

  const target = device.createTexture({
    size: [content.width, content.height],
    format: 'rgba8unorm',
    usage: GPUTextureUsage.COPY_DST | GPUTextureUsage.COPY_SRC,
  });
  const snapshots = new Map();
  const checkpoints = CHECKPOINTS.filter((n) => n <= settings.iterations);
  const onePass = await swap.stylize(content, style, { maxContentSize: Infinity });
  const result = await swap.stylize(content, style, {
    maxContentSize: Infinity,
    target,
    optimize: settings,
    onProgress: (p) => p.stage === 'optimize' && checkpoints.includes(p.done) && snapshots.set(p.done, readTexture(device, target)),
  });
  const losses = new Map(result.optimization.losses.map((l) => [l.iteration, l]));
  console.log(
    `\n## Optimisation mode: ${content.width}×${content.height} chelsea × hubble_deep_field (${style.width}×${style.height}), ${JSON.stringify(settings)}, ${result.optimization.msPerIteration.toFixed(0)} ms per iteration`,
  );
  console.log('feature loss: read in step n, i.e. of the image after n − 1 steps; distances: of the image after n steps\n');
  console.log(row(['iterations', 'feature loss', 'vs the one pass', 'style distance', 'content distance']));
  console.log(row(['---:', '---:', '---:', '---:', '---:']));
  const start = losses.get(0).featureLoss;
  const line = (n, loss, image) => {
    const d = measure(image);
    console.log(row([String(n), loss.toExponential(3), `${((100 * loss) / start).toFixed(0)}%`, d.style.toFixed(3), d.content.toFixed(3)]));
  };
  line(0, start, onePass);
  for (const n of checkpoints) {
    const loss = losses.get(n - 1).featureLoss;
    line(n, loss, { width: content.width, height: content.height, data: await snapshots.get(n) });
  }
  target.destroy();
  return result;
}

function toTensor(ref, image) {
  const plane = image.width * image.height;
  const data = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) for (let c = 0; c < 3; c++) data[c * plane + i] = image.data[4 * i + c] / 255;
  return ref.tensor(3, image.height, image.width, data);
}

function gram(t) {
  const n = t.height * t.width;
  const g = new Float64Array(t.channels * t.channels);
  for (let a = 0; a < t.channels; a++) {
    const fa = t.data.subarray(a * n, (a + 1) * n);
    for (let b = a; b < t.channels; b++) {
      const fb = t.data.subarray(b * n, (b + 1) * n);
      let sum = 0;
      for (let i = 0; i < n; i++) sum += fa[i] * fb[i];
      g[a * t.channels + b] = g[b * t.channels + a] = sum / n;
    }
  }
  return g;
}

const squaredNorm = (x) => x.reduce((s, v) => s + v * v, 0);
const squaredDistance = (x, y) => x.reduce((s, v, i) => s + (v - y[i]) ** 2, 0);
