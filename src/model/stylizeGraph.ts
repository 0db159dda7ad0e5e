import type { ScratchArena } from '../gpu/arena';
import type { Plan } from '../gpu/planCache';
import type { Stage } from '../gpu/run';
import type { ImageInputLayout } from '../kernels/imageToTensor';
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
 * The stylize graph: encode the content, match band by band against the style, average the chosen patches in
 * place, decode into RGBA8. Stages are named for timing and progress; the match has one stage per band.
 */
export function buildStylizePlan(b: PlanBuilder, g: StylizeGraphInputs): Promise<StylizePlan> {
  const { input, output, geometry } = g;
  const features = geometry.content;
  const contentFeatures = b.buffer('stylize.content_relu3_1', 4 * FEATURE_CHANNELS * features.height * features.width);
  const out = b.buffer('stylize.output', 4 * output.rowPixels * output.output.height);
  const alpha = b.buffer('stylize.alpha', 4 * input.scaled.width * input.scaled.height); // the content's, for the output
  const swap = swapDispatches(b, geometry, { content: contentFeatures, ...g.style, style: g.style.features, gram: g.arena.get('gram') });
  const parts = Promise.all([
    imageInputPlan(b, g.encoder, g.arena, input, 'content', alpha),
    Promise.all(g.encoder.convs(b.context, input, g.arena, contentFeatures)),
    swap.match,
    swap.average,
    Promise.all(g.decoder.dispatches(b.context, contentFeatures, features, g.arena, output, out, alpha)),
  ]).then(([imageInput, encode, matchSteps, average, decode]) => ({
    input: imageInput,
    out,
    stages: [
      { name: 'encode content', dispatches: encode },
      ...matchSteps.map((dispatches) => ({ name: 'match', dispatches })),
      { name: 'average', dispatches: [average] },
      { name: 'decode', dispatches: decode },
    ],
  }));
  return b.build(parts);
}
