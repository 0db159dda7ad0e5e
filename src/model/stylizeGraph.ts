import type { ScratchArena } from '../gpu/arena';
import type { Plan } from '../gpu/planCache';
import type { Stage } from '../gpu/run';
import type { ImageInputLayout } from '../kernels/imageToTensor';
import { strength } from '../kernels/strength';
import type { SwapGeometry } from '../kernels/swapGeometry';
import type { ImageOutputLayout } from '../kernels/tensorToImage';
import type { DecoderGraph } from './decoder';
import { FEATURE_CHANNELS, type EncoderGraph } from './encoder';
import { imageInputPlan, type ImageInputPlan } from './imageInput';
import type { PlanBuilder } from './plan';
import { swapDispatches } from './swapStage';

/**
 * A content image's whole trip: pixels in (in strips, as uploads), stages to run, RGBA8 pixels out (rows `output.rowPixels` apart) with
 * the content's own alpha, downscaled like its colours.
 */
export interface StylizePlan extends Plan {
  readonly input: ImageInputPlan;
  /** { strength: f32, preserve_color: u32 }, written before each run (see kernels/strength.ts). */
  readonly controls: GPUBuffer;
  readonly out: GPUBuffer;
  readonly stages: readonly Stage[];
}

export interface StylizeGraphInputs {
  readonly encoder: EncoderGraph;
  readonly decoder: DecoderGraph;
  readonly arena: ScratchArena;
  readonly input: ImageInputLayout;
  readonly output: ImageOutputLayout;
  readonly geometry: SwapGeometry;
  /** The prepared style's features and its match inputs for this geometry's options. */
  readonly style: { readonly features: GPUBuffer; readonly norms: GPUBuffer; readonly weightedStyle: GPUBuffer };
}

/**
 * The stylize graph: encode the content (keeping its RGB and alpha), match band by band against the style, average
 * the chosen patches into the swapped features, blend the content back in by the strength, decode into RGBA8 (with
 * the colour step when asked). Strength and colour are read at run time from `controls`, which the caller writes
 * before each run. Stages are named for timing and progress; the match has one stage per band.
 */
export function buildStylizePlan(b: PlanBuilder, g: StylizeGraphInputs): Promise<StylizePlan> {
  const { input, output, geometry } = g;
  const features = geometry.content;
  const featureBytes = 4 * FEATURE_CHANNELS * features.height * features.width;
  const rgb = b.buffer('stylize.content_rgb', 4 * 3 * input.padded.width * input.padded.height); // the encoder's input, kept for the colour step
  const alpha = b.buffer('stylize.alpha', 4 * input.scaled.width * input.scaled.height); // the content's, for the output
  const contentFeatures = b.buffer('stylize.content_relu3_1', featureBytes);
  const swapped = b.buffer('stylize.swapped_relu3_1', featureBytes);
  const controls = b.buffer('stylize.controls', 8);
  const out = b.buffer('stylize.output', 4 * output.rowPixels * output.output.height);
  const swap = swapDispatches(b, geometry, { ...g.style, content: contentFeatures, style: g.style.features, gram: g.arena.get('gram'), swapped });
  const parts = Promise.all([
    imageInputPlan(b, g.encoder, rgb, input, 'content', alpha),
    Promise.all(g.encoder.convs(b.context, input, rgb, g.arena, contentFeatures)),
    swap.match,
    swap.average,
    strength(b.context, features, { controls, content: contentFeatures, swapped }),
    Promise.all(g.decoder.dispatches(b.context, swapped, features, g.arena, output, out, { alpha, color: { content: rgb, controls } })),
  ]).then(([imageInput, encode, matchSteps, average, blend, decode]) => ({
    input: imageInput,
    controls,
    out,
    stages: [
      { name: 'encode content', dispatches: encode },
      ...matchSteps.map((dispatches) => ({ name: 'match', dispatches })),
      { name: 'average', dispatches: [average, blend] },
      { name: 'decode', dispatches: decode },
    ],
  }));
  return b.build(parts);
}
