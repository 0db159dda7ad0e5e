// The GPU work behind stylize, match and render, on a live GpuState: one style through a plan cached in its
// PreparedStyle, or a weighted mix with masks; a match keeps its maps for renders with other controls.
import type { StageTimes } from '../api';
import { alignTo, stageReadback } from '../gpu/buffers';
import type { RenderControls } from '../kernels/strength';
import { writeControls } from '../model/controls';
import { swapGeometry, type SwapGeometry } from '../kernels/swapGeometry';
import type { ImageOutputLayout } from '../kernels/tensorToImage';
import { decoderScratch } from '../model/decoder';
import { encoderScratch, FEATURE_CHANNELS, featureSize } from '../model/encoder';
import { PlanBuilder } from '../model/plan';
import {
  buildMatchPlan,
  type MatchGraphInputs,
  buildMixMatchPlan,
  buildRenderPlan,
  buildStylizePlan,
  matchedMaps,
  type MatchPlan,
  type MixMatchPlan,
} from '../model/stylizeGraph';
import { gramScratch, matchRoute, styleMatchInputs } from '../model/swapStage';
import { inputLayout, layoutKey, run, type CallRun } from './callRun';
import type { GpuState } from './gpuState';
import type { ImageSource } from './imageSource';
import { isBgraFormat } from './textureFormats';
import { GpuMatch, type MatchRenderer } from './matched';
import { paddedSize, swapOptionsKey, type ResolvedSwapOptions } from './options';
import { styleProjection } from './styleProjection';
import type { GpuPreparedStyle, StyleMatchInputs } from './preparedStyle';

/**
 * The style's match inputs for these swap options (patch norms, weighted style; for strided patches its patch
 * vectors; for an approximate match its projection), made once per PreparedStyle.
 */
export async function styleMatchBuffers(
  state: GpuState,
  style: GpuPreparedStyle,
  options: ResolvedSwapOptions,
  geometry: SwapGeometry,
): Promise<StyleMatchInputs> {
  const key = swapOptionsKey(options);
  const known = style.matchInputs.get(key);
  if (known) return known;
  const b = new PlanBuilder(state.device, state.launch);
  try {
    const route = matchRoute(geometry, options.match);
    const made = styleMatchInputs(b, geometry, style.buffer, state.channelWeights(options.matchSpace), route);
    await run(
      state,
      { mode: 'fast', control: {} },
      { label: 'style match inputs', stages: [{ name: 'style match inputs', dispatches: await made.dispatches }], finish: () => null },
    );
    const projection = route === 'approximate' ? await styleProjection(state, geometry, made.weightedStyle) : undefined;
    const buffers = [...b.owned, ...(projection ? [projection.basis, projection.projectedStyle] : [])];
    const inputs = { route, norms: made.norms, weightedStyle: made.weightedStyle, windows: made.windows, projection, buffers };
    style.matchInputs.set(key, inputs);
    return inputs;
  } catch (error) {
    b.destroy();
    throw error;
  }
}

/** The geometry of stylizing one scaled content with each of `styles`; the scratch grown to hold the largest. */
function stylizeShape(
  state: GpuState,
  source: ImageSource,
  styles: readonly GpuPreparedStyle[],
  scaled: { width: number; height: number },
  options: ResolvedSwapOptions,
) {
  const padded = paddedSize(scaled);
  const input = inputLayout(source, scaled, padded);
  const features = featureSize(padded.height, padded.width);
  const geometries = styles.map((style) => swapGeometry({ channels: FEATURE_CHANNELS, ...features }, style.features, options.patchSize, options.patchStride));
  const need = maxNeed(encoderScratch(padded.height, padded.width), decoderScratch(features.height, features.width));
  const gram = Math.max(...geometries.map((g) => gramScratch(g, state.launch.gramBudget, matchRoute(g, options.match))));
  state.ensureScratch({ ...need, gram }, `a ${scaled.width}×${scaled.height} content image`);
  return { padded, input, features, geometries };
}

/** Where the RGBA8 goes: read back as tight rows, or into a texture (rows padded to 256 bytes). */
function outputLayout(scaled: { width: number; height: number }, padded: { width: number; height: number }, target?: GPUTexture): ImageOutputLayout {
  return {
    tensor: padded,
    output: scaled,
    rowPixels: target ? alignTo(4 * scaled.width, 256) / 4 : scaled.width,
    bgra: target !== undefined && isBgraFormat(target.format),
  };
}

/** Records the copy of the rendered pixels out: a readback, or into `target`. */
function finishOutput(state: GpuState, out: GPUBuffer, layout: ImageOutputLayout, target?: GPUTexture) {
  return (encoder: GPUCommandEncoder) => {
    if (!target) return stageReadback(state.device, encoder, out, 4 * layout.output.width * layout.output.height);
    encoder.copyBufferToTexture({ buffer: out, bytesPerRow: 4 * layout.rowPixels }, { texture: target }, layout.output);
    return null;
  };
}

/** A render's result: its size, its pixels unless they went into a texture, and its stage times. */
async function rendered(size: { width: number; height: number }, result: { read(): Promise<ArrayBuffer> } | null, times: StageTimes) {
  return { width: size.width, height: size.height, data: result ? new Uint8ClampedArray(await result.read()) : undefined, times };
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
  const key = `${layoutKey(input)}:${swapOptionsKey(options)}:${output.rowPixels}/${output.bgra}`;
  const plan = await style.plans.get(key, () =>
    buildStylizePlan(() => new PlanBuilder(state.device, state.launch), {
      encoder: state.encoder,
      decoder: state.decoder,
      arena: state.arena,
      input,
      output,
      geometry,
      style: { features: style.buffer, ...styleInputs },
    }),
  );
  writeControls(state.device, plan.maps, options.controls);
  const { result, times } = await run(state, how, {
    label: 'stylize',
    images: [{ source, input: plan.match.input }],
    stages: [...plan.match.stages, ...plan.render.stages],
    finish: finishOutput(state, plan.render.out, output, target),
  });
  return rendered(scaled, result, times);
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
  render: MatchRenderer,
) {
  const { padded, input, features, geometries } = stylizeShape(
    state,
    source,
    styles.map((s) => s.style),
    options.scaled,
    options,
  );
  const inputs: MatchGraphInputs['style'][] = [];
  for (const [i, s] of styles.entries()) inputs.push({ features: s.style.buffer, ...(await styleMatchBuffers(state, s.style, options, geometries[i]!)) });
  const mapsBuilder = new PlanBuilder(state.device, state.launch);
  const maps = matchedMaps(mapsBuilder, input.padded, features);
  const mapsPlan = await mapsBuilder.build(Promise.resolve({}));
  const builder = new PlanBuilder(state.device, state.launch);
  const common = { encoder: state.encoder, arena: state.arena, input, maps };
  try {
    const single = styles.length === 1 && !styles[0]!.mask;
    const plan: MatchPlan & { masks?: MixMatchPlan['masks'] } = single
      ? await buildMatchPlan(builder, { ...common, geometry: geometries[0]!, style: inputs[0]! })
      : await buildMixMatchPlan(builder, {
          ...common,
          styles: styles.map((s, i) => ({ geometry: geometries[i]!, style: inputs[i]!, weight: s.weight, masked: s.mask !== undefined })),
          maskLayouts: styles.flatMap((s) => (s.mask ? [inputLayout(s.mask, options.scaled, padded)] : [])),
        });
    try {
      const maskSources = styles.flatMap((s) => (s.mask ? [s.mask] : []));
      const masks = (plan.masks ?? []).map((m, i) => ({ source: maskSources[i]!, input: m.input, then: m.pool }));
      const { times } = await run(state, how, { label: 'match', images: [...masks, { source, input: plan.input }], stages: plan.stages, finish: () => null });
      const match = new GpuMatch(owner, state, { ...options.scaled, padded }, features, maps, mapsPlan, render);
      return { match, times };
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
    buildRenderPlan(new PlanBuilder(state.device, state.launch), { decoder: state.decoder, arena: state.arena, output, maps: match.maps, features }),
  );
  writeControls(state.device, match.maps, options.controls);
  const { result, times } = await run(state, how, { label: 'render', stages: plan.stages, finish: finishOutput(state, plan.out, output, options.target) });
  return rendered(size, result, times);
}

function maxNeed(a: { large: number; small: number }, b: { large: number; small: number }): { large: number; small: number } {
  return { large: Math.max(a.large, b.large), small: Math.max(a.small, b.small) };
}
