// The GPU work behind each public call, on a live GpuState. Calls run one at a time (core/instance.ts).
import type { FeatureMap, ImageResult, StageTimes } from '../api';
import { alignTo, createWorkBuffer, stageReadback } from '../gpu/buffers';
import { encodeDispatches, type Dispatch } from '../gpu/dispatch';
import { runOnGpu, type RunControl, type RunMode, type Stage, type UploadStep } from '../gpu/run';
import type { ImageInputLayout } from '../kernels/imageToTensor';
import { controlsBytes, type RenderControls } from '../kernels/strength';
import { swapGeometry, type SwapGeometry } from '../kernels/swapGeometry';
import { plainOutput, type ImageOutputLayout } from '../kernels/tensorToImage';
import { decoderScratch } from '../model/decoder';
import { encoderScratch, FEATURE_CHANNELS, featureSize } from '../model/encoder';
import { imageInputPlan, type ImageInputPlan } from '../model/imageInput';
import { PlanBuilder } from '../model/plan';
import { buildMatchPlan, buildMixMatchPlan, buildRenderPlan, buildStylizePlan, matchedMaps, type MatchPlan, type MixMatchPlan } from '../model/stylizeGraph';
import { gramScratch, styleMatchInputs, swapDispatches } from '../model/swapStage';
import type { GpuState } from './gpuState';
import { sourceIsBgra, sourceRowPixels, uploadSteps, type ImageSource } from './imageSource';
import { paddedSize, type ResolvedSwapOptions } from './options';
import { GpuMatch } from './matched';
import { GpuPreparedStyle } from './preparedStyle';

/** How a call runs: one submit, per stage (profile), per kernel (debug); with cancellation and progress. */
export interface CallRun {
  readonly mode: RunMode;
  readonly control: RunControl;
}

interface RunOptions<R> {
  readonly label: string;
  /** Images to bring in, strip by strip and in order, before the stages; `then` runs once one is in. */
  readonly images?: readonly { readonly source: ImageSource; readonly input: ImageInputPlan; readonly then?: Dispatch }[];
  readonly stages: readonly Stage[];
  /** Records what follows the stages: a readback, a copy into a texture. */
  readonly finish: (encoder: GPUCommandEncoder) => R;
}

/** Runs one call's stages after bringing in its images, then frees any temporary texture that took. */
async function run<R>(state: GpuState, how: CallRun, options: RunOptions<R>) {
  const images = (options.images ?? []).map(({ source, input, then }) => {
    const { steps, release } = uploadSteps(state.device, source, input.pixels, input.strips, (i) => input.converts[i]!);
    const after: UploadStep[] = then ? [{ record: (encoder) => encodeDispatches(encoder, [then], then.label) }] : [];
    return { steps: [...steps, ...after], release };
  });
  try {
    const uploads = images.flatMap((image) => image.steps);
    return await runOnGpu(state.device, { label: options.label, uploads, stages: options.stages, finish: options.finish }, how.mode, how.control);
  } finally {
    images.forEach((image) => image.release());
  }
}

function inputLayout(source: ImageSource, scaled: { width: number; height: number }, padded: { width: number; height: number }): ImageInputLayout {
  return { source: { width: source.width, height: source.height }, rowPixels: sourceRowPixels(source), scaled, padded, bgra: sourceIsBgra(source) };
}

const layoutKey = (l: ImageInputLayout) => `${l.source.width}x${l.source.height}/${l.rowPixels}/${l.bgra}→${l.scaled.width}x${l.scaled.height}→${l.padded.width}x${l.padded.height}`;

/** relu3_1 features of an image at its own size. */
export async function encodeCall(state: GpuState, source: ImageSource, how: CallRun): Promise<FeatureMap> {
  const own = { width: source.width, height: source.height };
  const layout = inputLayout(source, own, own);
  const size = featureSize(source.height, source.width);
  state.ensureScratch(encoderScratch(source.height, source.width), `a ${source.width}×${source.height} image`);
  const plan = await state.plans.get(`encode:${layoutKey(layout)}`, () => {
    const b = new PlanBuilder(state.device, state.tuning);
    const features = b.buffer('encode.relu3_1', 4 * FEATURE_CHANNELS * size.height * size.width);
    const tensor = state.arena.get('small');
    const parts = Promise.all([imageInputPlan(b, state.encoder, tensor, layout, 'image'), Promise.all(state.encoder.convs(b.context, layout, tensor, state.arena, features))]);
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
    const b = new PlanBuilder(state.device, state.tuning);
    const input = b.buffer('decode.features', 4 * features.data.length);
    const pixels = b.buffer('decode.pixels', 4 * 16 * height * width);
    return b.build(Promise.all(state.decoder.dispatches(b.context, input, { height, width }, state.arena, output, pixels)).then((dispatches) => ({ input, pixels, dispatches })));
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
  state.ensureScratch(encoderScratch(scaled.height, scaled.width), `a ${scaled.width}×${scaled.height} style image`);
  const b = new PlanBuilder(state.device, state.tuning);
  const features = createWorkBuffer(state.device, 'style.relu3_1', 4 * FEATURE_CHANNELS * size.height * size.width);
  try {
    const tensor = state.arena.get('small');
    const input = await imageInputPlan(b, state.encoder, tensor, layout, 'style');
    const dispatches = await Promise.all(state.encoder.convs(b.context, layout, tensor, state.arena, features));
    const { times } = await run(state, how, { label: 'prepareStyle', images: [{ source, input }], stages: [{ name: 'encode style', dispatches }], finish: () => null });
    return { style: new GpuPreparedStyle(owner, state, scaled.width, scaled.height, { channels: FEATURE_CHANNELS, ...size }, features), times };
  } catch (error) {
    features.destroy();
    throw error;
  } finally {
    b.destroy(); // after the submit: WebGPU frees the staging pixels once the GPU is done with them
  }
}

/** The style's match inputs (patch norms, weighted style) for these swap options, made once per PreparedStyle. */
async function styleMatchBuffers(state: GpuState, style: GpuPreparedStyle, options: ResolvedSwapOptions, geometry: SwapGeometry) {
  const key = `${options.patchSize}/${options.patchStride}/${options.matchSpace}`;
  let inputs = style.matchInputs.get(key);
  if (!inputs) {
    const b = new PlanBuilder(state.device, state.tuning);
    const made = styleMatchInputs(b, geometry, style.buffer, state.channelWeights(options.matchSpace));
    try {
      await run(state, { mode: 'fast', control: {} }, { label: 'style match inputs', stages: [{ name: 'style match inputs', dispatches: await made.dispatches }], finish: () => null });
    } catch (error) {
      b.destroy();
      throw error;
    }
    inputs = { norms: made.norms, weightedStyle: made.weightedStyle, buffers: b.owned };
    style.matchInputs.set(key, inputs);
  }
  return inputs;
}

/** The geometry of stylizing one scaled content with each of `styles`; the scratch grown to hold the largest. */
function stylizeShape(state: GpuState, source: ImageSource, styles: readonly GpuPreparedStyle[], scaled: { width: number; height: number }, options: ResolvedSwapOptions) {
  const padded = paddedSize(scaled);
  const input = inputLayout(source, scaled, padded);
  const features = featureSize(padded.height, padded.width);
  const geometries = styles.map((style) => swapGeometry({ channels: FEATURE_CHANNELS, ...features }, style.features, options.patchSize, options.patchStride));
  const need = maxNeed(encoderScratch(padded.height, padded.width), decoderScratch(features.height, features.width));
  const gram = Math.max(...geometries.map((g) => gramScratch(g, state.tuning.gramBudget)));
  state.ensureScratch({ ...need, gram }, `a ${scaled.width}×${scaled.height} content image`);
  return { padded, input, features, geometries };
}

/** Where the RGBA8 goes: read back as tight rows, or into a texture (rows padded to 256 bytes). */
function outputLayout(scaled: { width: number; height: number }, padded: { width: number; height: number }, target?: GPUTexture): ImageOutputLayout {
  return { tensor: padded, output: scaled, rowPixels: target ? alignTo(4 * scaled.width, 256) / 4 : scaled.width, bgra: target?.format === 'bgra8unorm' };
}

/** Records the copy of the rendered pixels out: a readback, or into `target`. */
function finishOutput(state: GpuState, out: GPUBuffer, layout: ImageOutputLayout, target?: GPUTexture) {
  return (encoder: GPUCommandEncoder) => {
    if (!target) return stageReadback(state.device, encoder, out, 4 * layout.output.width * layout.output.height);
    encoder.copyBufferToTexture({ buffer: out, bytesPerRow: 4 * layout.rowPixels }, { texture: target }, layout.output);
    return null;
  };
}

export interface StylizeCallOptions extends ResolvedSwapOptions {
  readonly scaled: { width: number; height: number };
  readonly target?: GPUTexture;
  readonly controls: RenderControls;
}

/** Content image + prepared style → stylized image of the scaled content's size (read back, or into `target`). */
export async function stylizeCall(state: GpuState, source: ImageSource, style: GpuPreparedStyle, options: StylizeCallOptions, how: CallRun) {
  const { scaled, target } = options;
  const { padded, input, geometries } = stylizeShape(state, source, [style], scaled, options);
  const geometry = geometries[0]!;
  const output = outputLayout(scaled, padded, target);
  const styleInputs = await styleMatchBuffers(state, style, options, geometry);
  const key = `${layoutKey(input)}:${options.patchSize}/${options.patchStride}/${options.matchSpace}:${output.rowPixels}/${output.bgra}`;
  const plan = await style.plans.get(key, () =>
    buildStylizePlan(() => new PlanBuilder(state.device, state.tuning), {
      encoder: state.encoder,
      decoder: state.decoder,
      arena: state.arena,
      input,
      output,
      geometry,
      style: { features: style.buffer, ...styleInputs },
    }),
  );
  state.device.queue.writeBuffer(plan.maps.controls, 0, controlsBytes(options.controls));
  const { result, times } = await run(state, how, {
    label: 'stylize',
    images: [{ source, input: plan.match.input }],
    stages: [...plan.match.stages, ...plan.render.stages],
    finish: finishOutput(state, plan.render.out, output, target),
  });
  const data = result ? new Uint8ClampedArray(await result.read()) : undefined;
  return { width: scaled.width, height: scaled.height, data, times: times as StageTimes };
}

/** One style of a match: prepared, with its weight in a mix and an optional mask image. */
export interface MatchStyle {
  readonly style: GpuPreparedStyle;
  readonly weight: number;
  readonly mask?: ImageSource;
}

/**
 * Encodes and matches a content against one prepared style, or a weighted mix of them with masks, keeping the maps a
 * render needs; the match's own buffers go once it has run. `render` is what the MatchedContent's render() calls.
 */
export async function matchCall(
  state: GpuState,
  owner: object,
  source: ImageSource,
  styles: readonly MatchStyle[],
  options: ResolvedSwapOptions & { readonly scaled: { width: number; height: number } },
  how: CallRun,
  render: ConstructorParameters<typeof GpuMatch>[6],
) {
  const { padded, input, features, geometries } = stylizeShape(state, source, styles.map((s) => s.style), options.scaled, options);
  const inputs: { features: GPUBuffer; norms: GPUBuffer; weightedStyle: GPUBuffer }[] = [];
  for (const [i, s] of styles.entries()) inputs.push({ features: s.style.buffer, ...(await styleMatchBuffers(state, s.style, options, geometries[i]!)) });
  const mapsBuilder = new PlanBuilder(state.device, state.tuning);
  const maps = matchedMaps(mapsBuilder, input, features);
  const mapsPlan = await mapsBuilder.build(Promise.resolve({}));
  const builder = new PlanBuilder(state.device, state.tuning);
  const common = { encoder: state.encoder, arena: state.arena, input, maps };
  try {
    const single = styles.length === 1 && !styles[0]!.mask;
    const plan: MatchPlan & { masks?: MixMatchPlan['masks'] } = single
      ? await buildMatchPlan(builder, { ...common, geometry: geometries[0]!, style: inputs[0]! })
      : await buildMixMatchPlan(builder, {
          ...common,
          styles: styles.map((s, i) => ({ geometry: geometries[i]!, style: inputs[i]!, weight: s.weight, mask: s.mask && inputLayout(s.mask, options.scaled, padded) })),
        });
    try {
      const maskSources = styles.flatMap((s) => (s.mask ? [s.mask] : []));
      const masks = (plan.masks ?? []).map((m, i) => ({ source: maskSources[i]!, input: m.input, then: m.pool }));
      const { times } = await run(state, how, { label: 'match', images: [...masks, { source, input: plan.input }], stages: plan.stages, finish: () => null });
      const match = new GpuMatch(owner, state, { ...options.scaled, padded }, features, maps, mapsPlan, render);
      return { match, times: times as StageTimes };
    } finally {
      plan.destroy(); // after the submit: WebGPU frees the buffers once the GPU is done with them
    }
  } catch (error) {
    mapsPlan.destroy();
    throw error;
  }
}

/** A matched content rendered with these controls: the same stages, on the same maps, as stylize's render half. */
export async function renderCall(state: GpuState, match: GpuMatch, options: { readonly controls: RenderControls; readonly target?: GPUTexture }, how: CallRun) {
  const { features, size } = match;
  state.ensureScratch(decoderScratch(features.height, features.width), `rendering a ${size.width}×${size.height} content`);
  const output = outputLayout(size, size.padded, options.target);
  const plan = await match.plans.get(`${output.rowPixels}/${output.bgra}`, () =>
    buildRenderPlan(new PlanBuilder(state.device, state.tuning), { decoder: state.decoder, arena: state.arena, output, maps: match.maps, features }),
  );
  state.device.queue.writeBuffer(match.maps.controls, 0, controlsBytes(options.controls));
  const { result, times } = await run(state, how, { label: 'render', stages: plan.stages, finish: finishOutput(state, plan.out, output, options.target) });
  const data = result ? new Uint8ClampedArray(await result.read()) : undefined;
  return { width: size.width, height: size.height, data, times: times as StageTimes };
}

/** The swap alone, on CPU feature maps: swapped features and the chosen style window per content window. */
export async function swapCall(state: GpuState, content: FeatureMap, style: FeatureMap, options: ResolvedSwapOptions, how: CallRun) {
  const geometry = swapGeometry(content, style, options.patchSize, options.patchStride);
  state.ensureScratch({ gram: gramScratch(geometry, state.tuning.gramBudget) }, 'the swap');
  const b = new PlanBuilder(state.device, state.tuning);
  try {
    const contentBuffer = b.buffer('swap.content', 4 * content.data.length);
    const styleBuffer = b.buffer('swap.style', 4 * style.data.length);
    const swapped = b.buffer('swap.swapped', 4 * content.data.length);
    const styleInputs = styleMatchInputs(b, geometry, styleBuffer, state.channelWeights(options.matchSpace));
    const swap = swapDispatches(b, geometry, {
      content: contentBuffer,
      style: styleBuffer,
      norms: styleInputs.norms,
      weightedStyle: styleInputs.weightedStyle,
      gram: state.arena.get('gram'),
      swapped,
    });
    const [inputsD, matchSteps, averageD] = await Promise.all([styleInputs.dispatches, swap.match, swap.average]);
    state.device.queue.writeBuffer(contentBuffer, 0, content.data as Float32Array<ArrayBuffer>);
    state.device.queue.writeBuffer(styleBuffer, 0, style.data as Float32Array<ArrayBuffer>);
    const { result } = await run(state, how, {
      label: 'swap',
      stages: [
        { name: 'style match inputs', dispatches: inputsD },
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

function maxNeed(a: { large: number; small: number }, b: { large: number; small: number }): { large: number; small: number } {
  return { large: Math.max(a.large, b.large), small: Math.max(a.small, b.small) };
}
