import type { ScratchArena } from '../gpu/arena';
import type { Plan } from '../gpu/planCache';
import type { Stage } from '../gpu/run';
import type { ImageInputLayout } from '../kernels/imageToTensor';
import type { Dispatch } from '../gpu/dispatch';
import { blendAccumulate, blendResolve, maskPool } from '../kernels/blend';
import { strength } from '../kernels/strength';
import type { SwapGeometry } from '../kernels/swapGeometry';
import type { ImageOutputLayout } from '../kernels/tensorToImage';
import type { DecoderGraph } from './decoder';
import { FEATURE_CHANNELS, featureSize, type EncoderGraph } from './encoder';
import { imageInputPlan, type ImageInputPlan } from './imageInput';
import type { PlanBuilder } from './plan';
import { swapDispatches, type MatchRoute, type StyleProjection } from './swapStage';

/** What a matched content keeps on the GPU between its match and its renders (owned by whoever made them). */
export interface MatchedMaps {
  /** The encoder's input, RGB [3, padded h, padded w]: the content's colours, for the colour step. */
  readonly rgb: GPUBuffer;
  /** The content's alpha, laid out like one plane of `rgb`. */
  readonly alpha: GPUBuffer;
  readonly contentFeatures: GPUBuffer;
  readonly swapped: GPUBuffer;
  /** { strength: f32, preserve_color: u32 }, written before each render (see kernels/strength.ts). */
  readonly controls: GPUBuffer;
}

/** The maps of one content size (its encoder input `tensor`, its `features`), made by `b` (they go with its plan). */
export function matchedMaps(b: PlanBuilder, tensor: { height: number; width: number }, features: { height: number; width: number }): MatchedMaps {
  const featureBytes = 4 * FEATURE_CHANNELS * features.height * features.width;
  return {
    rgb: b.buffer('stylize.content_rgb', 4 * 3 * tensor.width * tensor.height),
    alpha: b.buffer('stylize.alpha', 4 * tensor.width * tensor.height),
    contentFeatures: b.buffer('stylize.content_relu3_1', featureBytes),
    swapped: b.buffer('stylize.swapped_relu3_1', featureBytes),
    controls: b.buffer('stylize.controls', 8),
  };
}

/** A prepared style's features and what its match route reads of it (model/swapStage.ts's SwapMaps). */
export interface StyleInputs {
  readonly route: MatchRoute;
  readonly features: GPUBuffer;
  readonly norms: GPUBuffer;
  readonly weightedStyle: GPUBuffer;
  readonly windows?: GPUBuffer;
  readonly projection?: StyleProjection;
}

/** The match half: the content's pixels in (as uploads), its features encoded, matched band by band, averaged. */
export interface MatchPlan extends Plan {
  readonly input: ImageInputPlan;
  readonly stages: readonly Stage[];
}

/** The render half: strength, the inverse net and the colour step, into RGBA8 rows `output.rowPixels` apart. */
export interface RenderPlan extends Plan {
  readonly out: GPUBuffer;
  readonly stages: readonly Stage[];
}

export interface MatchGraphInputs {
  readonly encoder: EncoderGraph;
  readonly arena: ScratchArena;
  readonly input: ImageInputLayout;
  readonly geometry: SwapGeometry;
  readonly maps: MatchedMaps;
  /** The prepared style's features and its match inputs for this geometry's options (model/swapStage.ts's SwapMaps). */
  readonly style: StyleInputs;
}

/**
 * Encode the content (keeping its RGB and alpha), match band by band against the style, average the chosen patches
 * into the swapped features. Stages are named for timing and progress; the match has one stage per band.
 */
export function buildMatchPlan(b: PlanBuilder, g: MatchGraphInputs): Promise<MatchPlan> {
  const { maps } = g;
  const swap = swapDispatches(b, g.geometry, g.style.route, {
    ...g.style,
    content: maps.contentFeatures,
    style: g.style.features,
    gram: g.arena.get('gram'),
    swapped: maps.swapped,
  });
  const parts = Promise.all([
    imageInputPlan(b, g.encoder, maps.rgb, g.input, 'content', maps.alpha),
    Promise.all(g.encoder.convs(b.context, g.input.padded, maps.rgb, g.arena, maps.contentFeatures)),
    swap.match,
    swap.average,
  ]).then(([imageInput, encode, matchSteps, average]) => ({
    input: imageInput,
    stages: [
      { name: 'encode content', dispatches: encode },
      ...matchSteps.map((dispatches) => ({ name: 'match', dispatches })),
      { name: 'average', dispatches: [average] },
    ],
  }));
  return b.build(parts);
}

/** One style of a mix: its match inputs and geometry, its weight, and whether a mask image says where it goes. */
export interface MixStyle {
  readonly geometry: SwapGeometry;
  readonly style: StyleInputs;
  readonly weight: number;
  readonly masked: boolean;
}

/** A mix's stages after the encoder, and per masked style where its mask image is converted to and how it is pooled. */
export interface MixStages {
  readonly stages: readonly Stage[];
  readonly masks: readonly { readonly rgb: GPUBuffer; readonly pool: Dispatch }[];
}

/**
 * A weighted mix of styles, each with an optional mask, on an encoded content (`maps.contentFeatures`, of
 * `features`; its RGB tensor of `tensor`): for each style match, average into a scratch map and add it, weighted by
 * w·m, into the sums; finally their quotient becomes the swapped features (the content's where no style weighs).
 * Each mask image is converted (by the caller, like the content) into `masks[i].rgb`, then pooled to feature
 * resolution by `masks[i].pool`.
 */
export async function mixStages(
  b: PlanBuilder,
  g: {
    readonly arena: ScratchArena;
    readonly tensor: { height: number; width: number };
    readonly features: { height: number; width: number };
    readonly maps: MatchedMaps;
    readonly styles: readonly MixStyle[];
  },
): Promise<MixStages> {
  const { maps } = g;
  const features = { channels: FEATURE_CHANNELS, height: g.features.height, width: g.features.width };
  const featureBytes = 4 * FEATURE_CHANNELS * features.height * features.width;
  const oneStyle = b.buffer('mix.style_swapped', featureBytes);
  const acc = b.buffer('mix.weighted_sum', featureBytes);
  const den = b.buffer('mix.weight_sum', 4 * features.height * features.width);
  const maskRgb = g.styles.some((s) => s.masked) ? b.buffer('mix.mask_rgb', 4 * 3 * g.tensor.width * g.tensor.height) : null;
  const pooled = g.styles.map((s) => (s.masked ? b.buffer('mix.mask', 4 * features.height * features.width) : undefined));
  const styleStages = g.styles.map(async (s, i) => {
    const swap = swapDispatches(b, s.geometry, s.style.route, {
      ...s.style,
      content: maps.contentFeatures,
      style: s.style.features,
      gram: g.arena.get('gram'),
      swapped: oneStyle,
    });
    const [matchSteps, average, add] = await Promise.all([
      swap.match,
      swap.average,
      blendAccumulate(b.context, features, { weight: s.weight, mask: pooled[i], first: i === 0 }, { swapped: oneStyle, acc, den }),
    ]);
    return [...matchSteps.map((dispatches) => ({ name: 'match', dispatches })), { name: 'average', dispatches: [average, add] }];
  });
  const [perStyle, resolve, pools] = await Promise.all([
    Promise.all(styleStages),
    blendResolve(b.context, features, { acc, den, content: maps.contentFeatures, mixed: maps.swapped }),
    Promise.all(pooled.flatMap((mask) => (mask ? [maskPool(b.context, features, maskRgb!, mask)] : []))),
  ]);
  return { stages: [...perStyle.flat(), { name: 'average', dispatches: [resolve] }], masks: pools.map((pool) => ({ rgb: maskRgb!, pool })) };
}

/** The mix's match half: the content's upload, each mask's upload and the dispatch that pools it, the stages. */
export interface MixMatchPlan extends MatchPlan {
  readonly masks: readonly { readonly input: ImageInputPlan; readonly pool: Dispatch }[];
}

/** Encode the content, then mix (mixStages); masks are uploaded before the content, each converted like it. */
export function buildMixMatchPlan(
  b: PlanBuilder,
  g: {
    readonly encoder: EncoderGraph;
    readonly arena: ScratchArena;
    readonly input: ImageInputLayout;
    readonly maps: MatchedMaps;
    readonly styles: readonly MixStyle[];
    readonly maskLayouts: readonly ImageInputLayout[];
  },
): Promise<MixMatchPlan> {
  const { maps, input } = g;
  const features = featureSize(input.padded.height, input.padded.width);
  const parts = mixStages(b, { arena: g.arena, tensor: input.padded, features, maps, styles: g.styles }).then((mix) =>
    Promise.all([
      imageInputPlan(b, g.encoder, maps.rgb, input, 'content', maps.alpha),
      Promise.all(g.encoder.convs(b.context, input.padded, maps.rgb, g.arena, maps.contentFeatures)),
      Promise.all(
        mix.masks.map((m, i) => imageInputPlan(b, g.encoder, m.rgb, g.maskLayouts[i]!, 'mask').then((maskInput) => ({ input: maskInput, pool: m.pool }))),
      ),
    ]).then(([imageInput, encode, masks]) => ({ input: imageInput, masks, stages: [{ name: 'encode content', dispatches: encode }, ...mix.stages] })),
  );
  return b.build(parts);
}

/**
 * Blend the content back in by the strength (into the large scratch, which the inverse net's first conv reads and
 * its second overwrites), decode, and write RGBA8 with the content's alpha and, when the controls say so, its colour.
 * Strength and colour are read at run time from `maps.controls`.
 */
export function buildRenderPlan(
  b: PlanBuilder,
  g: {
    readonly decoder: DecoderGraph;
    readonly arena: ScratchArena;
    readonly output: ImageOutputLayout;
    readonly maps: MatchedMaps;
    readonly features: { height: number; width: number };
  },
): Promise<RenderPlan> {
  const { maps, features } = g;
  const mixed = g.arena.get('large');
  const out = b.buffer('stylize.output', 4 * g.output.rowPixels * g.output.output.height);
  const parts = Promise.all([
    strength(b.context, { channels: FEATURE_CHANNELS, ...features }, { controls: maps.controls, content: maps.contentFeatures, swapped: maps.swapped, mixed }),
    Promise.all(
      g.decoder.dispatches(b.context, mixed, features, g.arena, g.output, out, { alpha: maps.alpha, color: { content: maps.rgb, controls: maps.controls } }),
    ),
  ]).then(([blend, decode]) => ({ out, stages: [{ name: 'decode', dispatches: [blend, ...decode] }] }));
  return b.build(parts);
}

/** Both halves for one content size and style, as stylize runs them: cached in the PreparedStyle for video frames. */
export interface StylizePlan extends Plan {
  readonly maps: MatchedMaps;
  readonly match: MatchPlan;
  readonly render: RenderPlan;
}

/** The maps and both halves, each half from a builder of its own (`builder()`), freed together. */
export async function buildStylizePlan(
  builder: () => PlanBuilder,
  g: Omit<MatchGraphInputs, 'maps'> & { readonly decoder: DecoderGraph; readonly output: ImageOutputLayout },
): Promise<StylizePlan> {
  const owner = builder();
  const maps = matchedMaps(owner, g.input.padded, g.geometry.content);
  const halves = await Promise.allSettled([
    buildMatchPlan(builder(), { ...g, maps }),
    buildRenderPlan(builder(), { ...g, maps, features: g.geometry.content }),
  ]);
  const failed = halves.find((half) => half.status === 'rejected');
  if (failed) {
    halves.forEach((half) => half.status === 'fulfilled' && half.value.destroy());
    owner.destroy();
    throw failed.reason;
  }
  const match = (halves[0] as PromiseFulfilledResult<MatchPlan>).value;
  const render = (halves[1] as PromiseFulfilledResult<RenderPlan>).value;
  return {
    maps,
    match,
    render,
    bytes: owner.owned.reduce((sum, buffer) => sum + buffer.size, 0) + match.bytes + render.bytes,
    destroy: () => [owner, match, render].forEach((part) => part.destroy()),
  };
}
