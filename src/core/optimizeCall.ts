// The optimisation mode (paper, part one): from the one-pass result (or the content, or noise), Adam on the image
// against the features the inverse net decoded, one submit per iteration, reading the loss back every `reportEvery`
// iterations (and then writing the current image into `target`, if any, so a page can show it sharpen).
import type { OptimizeInit, Progress } from '../api';
import { alignTo, stageReadback } from '../gpu/buffers';
import { encodeDispatches } from '../gpu/dispatch';
import { runOnGpu, throwIfAborted } from '../gpu/run';
import { adamStepBytes } from '../kernels/adam';
import type { RenderControls } from '../kernels/strength';
import { writeControls } from '../model/controls';
import { tensorToImage } from '../kernels/tensorToImage';
import { buildOptimizePlan, type OptimizePlan } from '../model/optimizeGraph';
import { PlanBuilder } from '../model/plan';
import type { CallRun } from './callRun';
import type { GpuState } from './gpuState';
import type { GpuMatch } from './matched';
import { isBgraFormat } from './textureFormats';

export interface OptimizeSettings {
  readonly iterations: number;
  readonly learningRate: number;
  readonly tvWeight: number;
  readonly init: OptimizeInit;
  readonly seed: number;
  /** Iterations between loss readbacks (and progress reports). */
  readonly reportEvery: number;
}

export const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/**
 * Optimises the image of `match` (rendered once already as `onePass`, RGBA8 of its scaled size) and returns its
 * pixels (or writes them into `target`), with the losses read along the way.
 */
export async function optimizeCall(
  state: GpuState,
  match: GpuMatch,
  onePass: Uint8ClampedArray,
  settings: OptimizeSettings,
  options: { readonly controls: RenderControls; readonly target?: GPUTexture; readonly onProgress?: (progress: Progress) => void },
  how: CallRun,
) {
  const { padded } = match.size;
  const scaled = { width: match.size.width, height: match.size.height };
  const b = new PlanBuilder(state.device, state.launch);
  try {
    const plan = await buildOptimizePlan(b, { gradient: state.encoderGradient, maps: match.maps, scaled, padded });
    const rowPixels = options.target ? alignTo(4 * scaled.width, 256) / 4 : scaled.width;
    const out = b.buffer('optimize.output', 4 * rowPixels * scaled.height);
    const output = { tensor: padded, output: scaled, rowPixels, bgra: options.target !== undefined && isBgraFormat(options.target.format) };
    const write = await tensorToImage(b.context, 'optimize.tensor_to_image', output, plan.image, out, {
      alpha: match.maps.alpha,
      color: { content: match.maps.rgb, controls: match.maps.controls },
    });
    const { queue } = state.device;
    writeControls(state.device, match.maps, options.controls);
    queue.writeBuffer(plan.settings, 0, new Float32Array([settings.tvWeight]));
    startImage(state, plan, match, onePass, settings, padded);
    const losses: { iteration: number; loss: number; featureLoss: number; tv: number }[] = [];
    await runOnGpu(
      state.device,
      { label: 'optimize: target features', uploads: [], stages: [{ name: 'optimize', dispatches: [plan.prepare] }], finish: () => null },
      how.mode,
    );
    const started = performance.now();
    for (let t = 1; t <= settings.iterations; t++) {
      throwIfAborted(how.control.signal, 'stylize (optimize)');
      const report = t % settings.reportEvery === 0 || t === 1 || t === settings.iterations;
      const { result } = await runOnGpu(
        state.device,
        {
          label: `optimize: iteration ${t}`,
          uploads: [
            { write: () => queue.writeBuffer(plan.step, 0, adamStepBytes({ learningRate: settings.learningRate, ...ADAM }, t) as Float32Array<ArrayBuffer>) },
          ],
          stages: [{ name: 'optimize', dispatches: plan.iteration }],
          finish: (encoder) => {
            if (!report) return null;
            if (options.target) {
              encodeDispatches(encoder, [write], 'optimize: show');
              encoder.copyBufferToTexture({ buffer: out, bytesPerRow: 4 * rowPixels }, { texture: options.target }, scaled);
            }
            return {
              loss: stageReadback(state.device, encoder, plan.partials.loss, 4 * plan.partials.lossCount),
              tv: stageReadback(state.device, encoder, plan.partials.tv, 4 * plan.partials.tvCount),
            };
          },
        },
        how.mode === 'debug' ? 'debug' : 'fast',
      );
      if (!result) continue;
      const [featureLoss, tv] = await Promise.all([result.loss.read(), result.tv.read()]).then((parts) =>
        parts.map((p) => new Float32Array(p).reduce((s, v) => s + v, 0)),
      );
      // The partial sums are the forward pass of this iteration: the image before its step.
      const loss = featureLoss! + settings.tvWeight * tv!;
      losses.push({ iteration: t - 1, loss, featureLoss: featureLoss!, tv: tv! });
      options.onProgress?.({ stage: 'optimize', done: t, total: settings.iterations, loss });
    }
    const perIteration = (performance.now() - started) / settings.iterations;
    const { result } = await runOnGpu(
      state.device,
      {
        label: 'optimize: output',
        uploads: [],
        stages: [{ name: 'optimize', dispatches: [write] }],
        finish: (encoder) => {
          if (!options.target) return stageReadback(state.device, encoder, out, 4 * scaled.width * scaled.height);
          encoder.copyBufferToTexture({ buffer: out, bytesPerRow: 4 * rowPixels }, { texture: options.target }, scaled);
          return null;
        },
      },
      'fast',
    );
    const data = result ? new Uint8ClampedArray(await result.read()) : undefined;
    return { ...scaled, data, losses, msPerIteration: perIteration };
  } finally {
    b.destroy(); // after the submits: WebGPU frees the buffers once the GPU is done with them
  }
}

/** I₀: the one-pass pixels (/255), the content's RGB, or seeded uniform noise, into the image's top-left scaled part. */
function startImage(
  state: GpuState,
  plan: OptimizePlan,
  match: GpuMatch,
  onePass: Uint8ClampedArray,
  settings: OptimizeSettings,
  padded: { width: number; height: number },
) {
  const { width, height } = match.size;
  if (settings.init === 'content') {
    const encoder = state.device.createCommandEncoder({ label: 'optimize: start from the content' });
    encoder.copyBufferToBuffer(match.maps.rgb, 0, plan.image, 0, 4 * 3 * padded.width * padded.height);
    state.device.queue.submit([encoder.finish()]);
    return;
  }
  const planes = new Float32Array(3 * padded.width * padded.height);
  const random = seeded(settings.seed);
  for (let c = 0; c < 3; c++) {
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++)
        planes[(c * padded.height + y) * padded.width + x] = settings.init === 'noise' ? random() : onePass[4 * (y * width + x) + c]! / 255;
    }
  }
  state.device.queue.writeBuffer(plan.image, 0, planes);
}

/** mulberry32: a small seeded generator of uniform numbers in [0, 1), the same on every platform. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
