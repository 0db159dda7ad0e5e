// The GPU work behind the plain calls (encode, decode, prepareStyle, swap), on a live GpuState. Calls run one at a
// time (core/instance.ts); stylize, match and render are in core/stylizeCalls.ts.
import type { FeatureMap, ImageResult } from '../api';
import { StyleSwapError } from '../errors';
import { createWorkBuffer, formatBytes, stageReadback } from '../gpu/buffers';
import { plainOutput } from '../kernels/tensorToImage';
import { swapGeometry } from '../kernels/swapGeometry';
import { decoderScratch } from '../model/decoder';
import { encoderScratch, FEATURE_CHANNELS, featureSize } from '../model/encoder';
import { imageInputPlan } from '../model/imageInput';
import { PlanBuilder } from '../model/plan';
import { gramScratch, matchRoute, styleMatchInputs, swapDispatches, type StyleProjection } from '../model/swapStage';
import { styleProjection } from './styleProjection';
import { inputLayout, layoutKey, run, type CallRun } from './callRun';
import type { GpuState } from './gpuState';
import type { ImageSource } from './imageSource';
import type { ResolvedSwapOptions } from './options';
import { GpuPreparedStyle } from './preparedStyle';

/** relu3_1 features of an image at its own size. */
export async function encodeCall(state: GpuState, source: ImageSource, how: CallRun): Promise<FeatureMap> {
  const own = { width: source.width, height: source.height };
  const layout = inputLayout(source, own, own);
  const size = featureSize(source.height, source.width);
  state.ensureScratch(encoderScratch(source.height, source.width), `a ${source.width}×${source.height} image`);
  const plan = await state.plans.get(`encode:${layoutKey(layout)}`, () => {
    const b = new PlanBuilder(state.device, state.launch);
    const features = b.buffer('encode.relu3_1', 4 * FEATURE_CHANNELS * size.height * size.width);
    const tensor = state.arena.get('small');
    const parts = Promise.all([
      imageInputPlan(b, state.encoder, tensor, layout, 'image'),
      Promise.all(state.encoder.convs(b.context, layout.padded, tensor, state.arena, features)),
    ]);
    return b.build(parts.then(([input, dispatches]) => ({ input, features, dispatches })));
  });
  const bytes = 4 * FEATURE_CHANNELS * size.height * size.width;
  const { result } = await run(state, how, {
    label: 'encode',
    images: [{ source, input: plan.input }],
    stages: [{ name: 'encode', dispatches: plan.dispatches }],
    finish: (e) => stageReadback(state.device, e, plan.features, bytes),
  });
  return { channels: FEATURE_CHANNELS, ...size, data: new Float32Array(await result.read()) };
}

/** The inverse net on CPU features: an RGBA8 image of 4h × 4w. */
export async function decodeCall(state: GpuState, features: FeatureMap, how: CallRun): Promise<ImageResult> {
  const { height, width } = features;
  const output = plainOutput({ width: 4 * width, height: 4 * height });
  state.ensureScratch(decoderScratch(height, width), `decoding ${height}×${width} features`);
  const plan = await state.plans.get(`decode:${height}x${width}`, () => {
    const b = new PlanBuilder(state.device, state.launch);
    const input = b.buffer('decode.features', 4 * features.data.length);
    const pixels = b.buffer('decode.pixels', 4 * 16 * height * width);
    return b.build(
      Promise.all(state.decoder.dispatches(b.context, input, { height, width }, state.arena, output, pixels)).then((dispatches) => ({
        input,
        pixels,
        dispatches,
      })),
    );
  });
  state.device.queue.writeBuffer(plan.input, 0, features.data as Float32Array<ArrayBuffer>);
  const { result } = await run(state, how, {
    label: 'decode',
    stages: [{ name: 'decode', dispatches: plan.dispatches }],
    finish: (e) => stageReadback(state.device, e, plan.pixels, 4 * 16 * height * width),
  });
  return { width: 4 * width, height: 4 * height, data: new Uint8ClampedArray(await result.read()) };
}

/** Encodes a style image (box-filtered down to `scaled`) into features that stay on the GPU, for `owner`'s use. */
export async function prepareStyleCall(state: GpuState, owner: object, source: ImageSource, scaled: { width: number; height: number }, how: CallRun) {
  const layout = inputLayout(source, scaled, scaled);
  const size = featureSize(scaled.height, scaled.width);
  checkStyleFits(scaled, encoderScratch(scaled.height, scaled.width).large, state.device.limits);
  state.ensureScratch(encoderScratch(scaled.height, scaled.width), `a ${scaled.width}×${scaled.height} style image`);
  const b = new PlanBuilder(state.device, state.launch);
  const features = createWorkBuffer(state.device, 'style.relu3_1', 4 * FEATURE_CHANNELS * size.height * size.width);
  try {
    const tensor = state.arena.get('small');
    const input = await imageInputPlan(b, state.encoder, tensor, layout, 'style');
    const dispatches = await Promise.all(state.encoder.convs(b.context, layout.padded, tensor, state.arena, features));
    const { times } = await run(state, how, {
      label: 'prepareStyle',
      images: [{ source, input }],
      stages: [{ name: 'encode style', dispatches }],
      finish: () => null,
    });
    return { style: new GpuPreparedStyle(owner, state, scaled.width, scaled.height, { channels: FEATURE_CHANNELS, ...size }, features), times };
  } catch (error) {
    features.destroy();
    throw error;
  } finally {
    b.destroy(); // after the submit: WebGPU frees the staging pixels once the GPU is done with them
  }
}

/**
 * A style is encoded in one pass (its features must all be in one binding for the match), so its encoder scratch
 * must fit one buffer: else an error that says which maxStyleSize would.
 */
function checkStyleFits(scaled: { width: number; height: number }, scratch: number, limits: GPUSupportedLimits): void {
  const binding = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  if (scratch <= binding) return;
  const fits = Math.floor(Math.max(scaled.width, scaled.height) * Math.sqrt(binding / scratch));
  throw new StyleSwapError(
    'too-large',
    `a ${scaled.width}×${scaled.height} style needs ${formatBytes(scratch)} of scratch to encode, more than this device allows in one buffer (${formatBytes(binding)}): lower maxStyleSize to ${fits} or less`,
  );
}

/** The swap alone, on CPU feature maps: swapped features and the chosen style window per content window. */
export async function swapCall(state: GpuState, content: FeatureMap, style: FeatureMap, options: ResolvedSwapOptions, how: CallRun) {
  const geometry = swapGeometry(content, style, options.patchSize, options.patchStride);
  const route = matchRoute(geometry, options.match);
  state.ensureScratch({ gram: gramScratch(geometry, state.launch.gramBudget, route) }, 'the swap');
  const b = new PlanBuilder(state.device, state.launch);
  try {
    const contentBuffer = b.buffer('swap.content', 4 * content.data.length);
    const styleBuffer = b.buffer('swap.style', 4 * style.data.length);
    const swapped = b.buffer('swap.swapped', 4 * content.data.length);
    const styleInputs = styleMatchInputs(b, geometry, styleBuffer, state.channelWeights(options.matchSpace), route);
    state.device.queue.writeBuffer(contentBuffer, 0, content.data as Float32Array<ArrayBuffer>);
    state.device.queue.writeBuffer(styleBuffer, 0, style.data as Float32Array<ArrayBuffer>);
    const inputStage = { name: 'style match inputs', dispatches: await styleInputs.dispatches };
    // The approximate match's projection is computed from the weighted style, read back in between.
    let projection: StyleProjection | undefined;
    if (route === 'approximate') {
      await run(state, how, { label: 'swap', stages: [inputStage], finish: () => null });
      projection = await styleProjection(state, geometry, styleInputs.weightedStyle);
      b.owned.push(projection.basis, projection.projectedStyle);
    }
    const swap = swapDispatches(b, geometry, route, {
      content: contentBuffer,
      style: styleBuffer,
      norms: styleInputs.norms,
      weightedStyle: styleInputs.weightedStyle,
      windows: styleInputs.windows,
      gram: state.arena.get('gram'),
      swapped,
      projection,
    });
    const [matchSteps, averageD] = await Promise.all([swap.match, swap.average]);
    const { result } = await run(state, how, {
      label: 'swap',
      stages: [
        ...(projection ? [] : [inputStage]),
        ...matchSteps.map((dispatches) => ({ name: 'match', dispatches })),
        { name: 'average', dispatches: [averageD] },
      ],
      finish: (e) => ({
        features: stageReadback(state.device, e, swapped, 4 * content.data.length),
        argmax: stageReadback(state.device, e, swap.argmax, 4 * geometry.contentWindows),
      }),
    });
    const [features, argmax] = await Promise.all([result.features.read(), result.argmax.read()]);
    return {
      features: { channels: content.channels, height: content.height, width: content.width, data: new Float32Array(features) },
      argmax: new Int32Array(argmax),
    };
  } finally {
    b.destroy();
  }
}
