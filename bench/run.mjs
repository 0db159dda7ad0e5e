// npm run bench [-- --quick] [-- --peer] [-- --memory] [-- --large [--large-max <MP>]] [-- --optimize] [-- --kernels] [-- --approximate]
// [-- --chromium]
// Prints, on this machine's adapter: the tuner's choices; encoder/decoder times and GFLOP/s; each conv kernel and
// the Gram GEMM against the best plain f32 GEMM of the run (bench/kernels.mjs; --kernels alone: only that); the
// approximate match against the exact one: time, argmax agreement, PSNR (bench/approximate.mjs; --approximate
// alone: only that); stylize per-stage times, match GFLOP/s and
// peak GPU memory for several content × style sizes; with --peer, end to end against the tfjs-backend-webgpu peer
// (../shared/peers) at 256²/256²; with --memory, 1024² content × 512² style under the WebGPU default limits; with
// --large (alone), contents of 1 to 24 megapixels at full resolution (tiled) × a 512² style: time, peak memory,
// MP/s; --large-max <MP> stops at that size (a CPU adapter takes minutes per megapixel); --optimize (alone), the
// optimisation mode's losses, style and content distances and time per iteration (bench/optimize.mjs), with
// --optimize-size <px> (the content's long side; default its own 300), --iterations, --learning-rate, --tv-weight.
// --chromium (alone): the tuner's choices and the kernel table in headless Chromium (bench/chromium.mjs).
// A benchmark, not a test: it prints figures and asserts nothing.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { create, globals } from 'webgpu';
import { createStyleSwap } from '../dist/node/index.js';
import { benchImage, sampleImage } from './images.mjs';
import { mib, trackMemory } from './memory.mjs';
import { approximateTable } from './approximate.mjs';
import { chromiumBench } from './chromium.mjs';
import { kernelTable } from './kernels.mjs';
import { optimizeBench } from './optimize.mjs';
import { peerAvailable, runPeer } from './peer.mjs';
import { loadKernels } from './reference.mjs';
import { tunerTable } from './tuner.mjs';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    peer: { type: 'boolean' },
    memory: { type: 'boolean' },
    large: { type: 'boolean' },
    'large-max': { type: 'string' },
    optimize: { type: 'boolean' },
    kernels: { type: 'boolean' },
    approximate: { type: 'boolean' },
    chromium: { type: 'boolean' },
    'optimize-size': { type: 'string' },
    iterations: { type: 'string' },
    'learning-rate': { type: 'string' },
    'tv-weight': { type: 'string' },
    runs: { type: 'string' },
  },
});
const RUNS = Number(flags.runs ?? (flags.quick ? 2 : 3));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (flags.chromium) {
  await chromiumBench(RUNS);
  process.exit();
}

Object.assign(globalThis, Object.fromEntries(Object.entries(globals).filter(([k]) => !(k in globalThis))));
const gpu = create([]);
async function trackedDevice(limits) {
  const adapter = await gpu.requestAdapter();
  const requiredFeatures = ['subgroups', 'shader-f16'].filter((f) => adapter.features.has(f)); // as the library's own device
  const device = await adapter.requestDevice({ requiredFeatures, ...(limits ? { requiredLimits: limits } : {}) });
  return { device, memory: trackMemory(device), adapter };
}

/** Median ms of `runs` calls after one warm-up call. */
async function timed(fn, runs = RUNS) {
  await fn();
  const times = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return median(times);
}

// FLOPs of the convolutions (2 per multiply-add): encoder to relu3_1 and the inverse net, for an H×W image.
const encoderFlops = (h, w) => 2 * 9 * h * w * (3 * 64 + 64 * 64 + (64 * 128 + 128 * 128) / 4 + (128 * 256) / 16);
const decoderFlops = (h, w) => 2 * 9 * h * w * ((256 * 128) / 16 + (128 * 128 + 128 * 64) / 4 + 64 * 64 + 64 * 3);
const matchFlops = (c, s, k = 3) => 2 * (c / 4 - k + 1) ** 2 * (s / 4 - k + 1) ** 2 * 256 * k * k;
const row = (cells) => `| ${cells.join(' | ')} |`;
const localWeights = () => ({ encoder: readFileSync('weights/vgg19_relu3_1.safetensors'), decoder: readFileSync('weights/decoder_relu3_1.safetensors') });

const { device } = await trackedDevice();
const swap = await createStyleSwap({ device });
console.log(`# webgpu-style-swap benchmark\nadapter: ${swap.adapter}\nmedian of ${RUNS} runs after a warm-up\n`);
tunerTable(swap.tuning, row);

/** --large alone: full-resolution contents, tiled, one run each (the standard tables are skipped: they would take long). */
async function largeContents() {
  // 4:3 contents from 1 to 24 MP: the bundled coffee sample interpolated up; one run each (they are long).
  const sizes = [
    [1152, 864],
    [2048, 1536],
    [2880, 2160],
    [4096, 3072],
    [5760, 4320],
  ].filter(([w, h]) => (w * h) / 1e6 <= Number(flags['large-max'] ?? 25));
  console.log('\n## Any resolution: full-resolution contents × 512² style, WebGPU default limits, memoryBudget 256 MiB (one run each)');
  console.log(row(['content', 'megapixels', 'tiles', 'time', 'MP/s', 'peak GPU memory', 'largest buffer']));
  console.log(row(['---', '---:', '---:', '---:', '---:', '---:', '---:']));
  const style = benchImage('gravel', 512);
  for (const [w, h] of sizes) {
    const content = sampleImage('coffee', w, h);
    const limited = await trackedDevice({ maxStorageBufferBindingSize: 128 << 20, maxBufferSize: 256 << 20 });
    const large = await createStyleSwap({ device: limited.device });
    let tiles = 0;
    const start = performance.now();
    await large.stylize(content, style, { maxContentSize: Infinity, onProgress: (p) => p.stage === 'tile' && (tiles = p.total) });
    const seconds = (performance.now() - start) / 1000;
    large.destroy();
    limited.device.destroy();
    const mp = (w * h) / 1e6;
    console.log(
      row([
        `${w}×${h}`,
        mp.toFixed(1),
        String(tiles || 1),
        `${seconds.toFixed(0)} s`,
        (mp / seconds).toFixed(3),
        mib(limited.memory.peak),
        mib(limited.memory.largest),
      ]),
    );
  }
}
if (flags.large || flags.optimize || flags.kernels || flags.approximate) {
  if (flags.kernels) await kernelTable(device, swap.adapter, row, RUNS, await loadKernels(), localWeights());
  if (flags.approximate) await approximateTable(swap, row, RUNS, median);
  if (flags.large) await largeContents();
  if (flags.optimize) {
    const settings = {
      iterations: Number(flags.iterations ?? 200),
      ...(flags['learning-rate'] && { learningRate: Number(flags['learning-rate']) }),
      ...(flags['tv-weight'] && { tvWeight: Number(flags['tv-weight']) }),
    };
    await optimizeBench(swap, device, row, settings, Number(flags['optimize-size'] ?? Infinity));
  }
  swap.destroy();
  device.destroy();
  process.exit(0);
}

console.log('## Encoder and inverse net');
console.log(row(['input', 'encode', 'encoder GFLOP/s', 'decode', 'decoder GFLOP/s']));
console.log(row(['---', '---:', '---:', '---:', '---:']));
for (const size of flags.quick ? [64, 128, 256] : [64, 128, 256, 512]) {
  const image = benchImage('astronaut', size);
  const encodeMs = await timed(() => swap.encode(image));
  const features = await swap.encode(image);
  const decodeMs = await timed(() => swap.decode(features));
  const gf = (flops, ms) => (flops / ms / 1e6).toFixed(2);
  console.log(
    row([`${size}²`, `${encodeMs.toFixed(0)} ms`, gf(encoderFlops(size, size), encodeMs), `${decodeMs.toFixed(0)} ms`, gf(decoderFlops(size, size), decodeMs)]),
  );
}

await kernelTable(device, swap.adapter, row, RUNS, await loadKernels(), localWeights());

console.log('\n## Stylize, per stage (3×3 patches, stride 1, match space vgg19)');
console.log('match GFLOP/s counts the correlation as the original computes it, 2·nc·ns·C·k²\n');
console.log(row(['content / style', 'encode content', 'encode style', 'match', 'average', 'decode', 'total', 'match GFLOP/s', 'peak GPU memory']));
console.log(row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
const pairs = flags.quick
  ? [
      [128, 128],
      [256, 256],
    ]
  : [
      [128, 128],
      [256, 128],
      [256, 256],
      [512, 128],
      [512, 256],
    ];
for (const [c, s] of pairs) {
  const content = benchImage('astronaut', c);
  const style = benchImage('gravel', s);
  // A fresh device and instance per pair, so that the peak memory is this pair's alone.
  const fresh = await trackedDevice();
  const pairSwap = await createStyleSwap({ device: fresh.device });
  await pairSwap.stylize(content, style, { profile: true }); // warm-up: compiles, builds plans
  const runs = [];
  for (let r = 0; r < RUNS; r++) runs.push((await pairSwap.stylize(content, style, { profile: true })).timings);
  pairSwap.destroy();
  fresh.device.destroy();
  const t = Object.fromEntries(Object.keys(runs[0]).map((k) => [k, median(runs.map((x) => x[k]))]));
  const total = Object.values(t).reduce((a, b) => a + b, 0);
  const ms = (v) => `${v.toFixed(0)} ms`;
  console.log(
    row([
      `${c}² / ${s}²`,
      ms(t['encode content']),
      ms(t['encode style']),
      ms(t.match),
      ms(t.average),
      ms(t.decode),
      ms(total),
      (matchFlops(c, s) / t.match / 1e6).toFixed(1),
      mib(fresh.memory.peak),
    ]),
  );
}

await approximateTable(swap, row, RUNS, median);

console.log('\n## Match once, render many (strength and colour without re-matching), 256² / 256²');
{
  const content = benchImage('astronaut', 256);
  const style = benchImage('gravel', 256);
  // match() resolves once its work is submitted (like prepareStyle): wait for the GPU to finish it.
  const matchMs = await timed(async () => {
    const m = await swap.match(content, style);
    await swap.device.queue.onSubmittedWorkDone();
    m.destroy();
  });
  const matched = await swap.match(content, style);
  const controls = [{ strength: 0.3 }, { strength: 0.8, preserveColor: true }];
  let next = 0;
  const renderMs = await timed(() => matched.render(controls[next++ % 2]));
  const features = await swap.encode(content);
  const decodeMs = await timed(() => swap.decode(features));
  matched.destroy();
  console.log(row(['match (encode + match + average)', 'render (strength + decode + colour)', 'decode() of the same features']));
  console.log(row(['---:', '---:', '---:']));
  console.log(row([`${matchMs.toFixed(0)} ms`, `${renderMs.toFixed(0)} ms`, `${decodeMs.toFixed(0)} ms`]));

  // Each control's cost, end to end: one style; with strength and colour; two styles; two styles with masks.
  const style2 = benchImage('brick', 256);
  const half = (left) => {
    const data = new Uint8Array(4 * 256 * 256);
    for (let i = 0; i < 256 * 256; i++) data.fill(i % 256 < 128 === left ? 255 : 0, 4 * i, 4 * i + 4);
    return { width: 256, height: 256, data };
  };
  const variants = [
    ['one style', style, {}],
    ['one style, strength 0.5 + preserveColor', style, { strength: 0.5, preserveColor: true }],
    ['two styles, weights 1 and 1', [{ style }, { style: style2 }], {}],
    [
      'two styles, masked left / right',
      [
        { style, mask: half(true) },
        { style: style2, mask: half(false) },
      ],
      {},
    ],
  ];
  console.log('\n' + row(['stylize, 256² content, 256² styles', 'end to end']));
  console.log(row(['---', '---:']));
  for (const [name, styles, options] of variants) console.log(row([name, `${(await timed(() => swap.stylize(content, styles, options))).toFixed(0)} ms`]));
}

if (flags.peer && !peerAvailable()) {
  console.log('\n## Against the peer: skipped, ../shared/peers is not beside this checkout (the peer is dev-only, not part of the repository)');
} else if (flags.peer) {
  console.log('\n## Against the peer (tfjs-backend-webgpu, the original design), 256² / 256², end to end');
  const content = benchImage('astronaut', 256);
  const style = benchImage('gravel', 256);
  const oursMs = await timed(() => swap.stylize(content, style));
  const peer = await runPeer(content, style, RUNS);
  console.log(row(['implementation', 'end to end', 'swap (match + average)']));
  console.log(row(['---', '---:', '---:']));
  console.log(row(['peer: tfjs-backend-webgpu 4.22', `${(peer.total_ms / 1000).toFixed(1)} s`, `${(peer.ms.swap / 1000).toFixed(1)} s`]));
  console.log(row(['webgpu-style-swap', `${(oursMs / 1000).toFixed(1)} s`, '—']));
  console.log(`speed-up: ${(peer.total_ms / oursMs).toFixed(1)}×`);
}
swap.destroy();

if (flags.memory) {
  console.log('\n## Memory: 1024² content × 512² style, WebGPU default limits (maxStorageBufferBindingSize 128 MiB, maxBufferSize 256 MiB)');
  const limited = await trackedDevice({ maxStorageBufferBindingSize: 128 << 20, maxBufferSize: 256 << 20 });
  const small = await createStyleSwap({ device: limited.device });
  const content = benchImage('astronaut', 1024);
  const style = benchImage('gravel', 512);
  const nc = (640 / 4 - 2) ** 2;
  const ns = (512 / 4 - 2) ** 2;
  const start = performance.now();
  const result = await small.stylize(content, style);
  console.log(`output ${result.width}×${result.height} (maxContentSize 640) in ${((performance.now() - start) / 1000).toFixed(1)} s`);
  console.log(
    `peak GPU memory allocated by the library: ${mib(limited.memory.peak)}; largest buffer: ${mib(limited.memory.largest)} (${limited.memory.largestLabel})`,
  );
  console.log(`the original design's score tensor alone (nc × ns × 4 bytes): ${mib(nc * ns * 4)}`);
  small.destroy();
  limited.device.destroy();
}
device.destroy();
process.exit(0);
