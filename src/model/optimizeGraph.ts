import type { Dispatch } from '../gpu/dispatch';
import type { Plan } from '../gpu/planCache';
import { adam } from '../kernels/adam';
import { featureLoss, featureLossPartials } from '../kernels/featureLoss';
import { reflectPadding } from '../kernels/reflectPadding';
import { strength } from '../kernels/strength';
import { totalVariation, totalVariationPartials } from '../kernels/totalVariation';
import { FEATURE_CHANNELS } from './encoder';
import type { EncoderGradient } from './encoderGradient';
import type { PlanBuilder } from './plan';
import type { MatchedMaps } from './stylizeGraph';

type Size = { readonly width: number; readonly height: number };

/**
 * The paper's optimisation mode on a matched content: minimise ‖Φ(I) − T‖² + λ TV(I) over the image I by Adam, from
 * a start the caller writes into `image`. T is what the inverse net would decode (the swapped features blended by the
 * strength: `prepare` computes it once). `image` holds I as [3, padded h, padded w]: the top-left scaled w × h is I,
 * the rest its reflection padding, refilled from I each iteration, as the encoder's input is padded.
 * One iteration, `iteration`, is one submit: pad, forward keeping activations, loss and its gradient at relu3_1,
 * backward through the encoder, the padding's adjoint, TV, the Adam step (settings in `step`, written per step).
 * Each iteration leaves Σ(Φ(I) − T)² and TV(I) as per-workgroup partial sums for whoever reads them.
 */
export interface OptimizePlan extends Plan {
  readonly image: GPUBuffer;
  /** ∂L/∂I of the last iteration, laid out like `image` (valid in its top-left scaled part). */
  readonly grad: GPUBuffer;
  readonly step: GPUBuffer;
  readonly settings: GPUBuffer;
  readonly partials: { readonly loss: GPUBuffer; readonly lossCount: number; readonly tv: GPUBuffer; readonly tvCount: number };
  readonly prepare: Dispatch;
  readonly iteration: readonly Dispatch[];
}

/**
 * GPU bytes an optimisation adds for a padded image of H × W, per pixel in floats: the encoder's activations (64 + 64
 * + 16 + 32 + 32 + 8 + 16), two gradient scratches (2 × 64), the image, its gradient and Adam's two moments (4 × 3)
 * and the target features (16): 388 floats, 1552 bytes; plus the loss partial sums (small).
 */
export function optimizeBytes(padded: Size): number {
  return 4 * 388 * padded.width * padded.height;
}

export function buildOptimizePlan(
  b: PlanBuilder,
  g: { readonly gradient: EncoderGradient; readonly maps: MatchedMaps; readonly scaled: Size; readonly padded: Size },
): Promise<OptimizePlan> {
  const { padded, scaled, maps } = g;
  const k = b.context;
  const pixels = padded.width * padded.height;
  const quarter = { height: padded.height / 4, width: padded.width / 4 };
  const featureCount = FEATURE_CHANNELS * quarter.height * quarter.width;
  const f = (label: string, floats: number) => b.buffer(`optimize.${label}`, 4 * floats);
  const a = {
    relu1_1: f('relu1_1', 64 * pixels),
    relu1_2: f('relu1_2', 64 * pixels),
    pool1: f('pool1', 16 * pixels),
    relu2_1: f('relu2_1', 32 * pixels),
    relu2_2: f('relu2_2', 32 * pixels),
    pool2: f('pool2', 8 * pixels),
    relu3_1: f('relu3_1', featureCount),
  };
  const scratch = [f('grad_a', 64 * pixels), f('grad_b', 64 * pixels)] as const;
  const image = f('image', 3 * pixels);
  const grad = f('grad_image', 3 * pixels);
  const [m, v] = [f('adam_m', 3 * pixels), f('adam_v', 3 * pixels)];
  const target = f('target', featureCount);
  const step = f('adam_step', 8);
  const settings = f('settings', 4);
  const partials = {
    loss: f('loss_partials', featureLossPartials(featureCount)),
    lossCount: featureLossPartials(featureCount),
    tv: f('tv_partials', totalVariationPartials(scaled.width * scaled.height)),
    tvCount: totalVariationPartials(scaled.width * scaled.height),
  };
  const planes = { channels: 3, width: scaled.width, height: scaled.height, paddedWidth: padded.width, paddedHeight: padded.height };
  const parts = Promise.all([
    strength(k, { channels: FEATURE_CHANNELS, ...quarter }, { controls: maps.controls, content: maps.contentFeatures, swapped: maps.swapped, mixed: target }),
    reflectPadding(k, 'fill', planes, image),
    Promise.all(g.gradient.forward(k, padded, image, a)),
    featureLoss(k, featureCount, { features: a.relu3_1, target, grad: scratch[0], partial: partials.loss }),
    Promise.all(g.gradient.backward(k, padded, a, scratch[0], scratch, grad)),
    reflectPadding(k, 'adjoint', planes, grad),
    totalVariation(k, planes, { settings, image, grad, partial: partials.tv }),
    adam(k, 3 * pixels, { step, grad, m, v, image }),
  ]).then(([prepare, fill, forward, loss, backward, adjoint, tv, update]) => ({
    image,
    grad,
    step,
    settings,
    partials,
    prepare,
    iteration: [fill, ...forward, loss, ...backward, adjoint, tv, update],
  }));
  return b.build(parts);
}
