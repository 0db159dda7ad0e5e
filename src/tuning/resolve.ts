import type { Precision } from '../api';
import { StyleSwapError } from '../errors';
import type { ConvUse } from '../kernels/conv3x3';
import { isCpuAdapter, type LaunchSettings } from '../kernels/launchSettings';
import { DECODER_CONV_USES } from '../model/decoder';
import { ENCODER_CONV_USES } from '../model/encoder';
import type { ModelWeights } from '../model/weights';
import { measureConvChoices, timedConvVariants, type TunableConv } from './convTuner';
import { deviceGramVariants, measureGramChoice, measureMatchChoice } from './matchTuner';
import { convShapeClass, TUNING_FORMAT, TUNING_VERSION, tuningRecordProblem, type ConvVariant, type TuningRecord } from './record';
import type { TuningProgress, TuningStore } from './store';

/**
 * Records measured in this page or process, per adapter, the Gram variants its device runs and the weights'
 * precision: another instance on the same adapter reuses one, unless its device lacks a feature the record's
 * choices need (a caller's device without subgroups, where ours had them) or it stores its weights otherwise (the
 * convs were timed at the precision they run at).
 */
const measuredRecords = new Map<string, TuningRecord>();

/** Content size (px, square) the convolutions are timed at: small on CPU adapters, where each run takes long. */
export function tuningSize(adapter: string): number {
  return isCpuAdapter(adapter) ? 64 : 256;
}

/** Feature side the match is timed at: a 128² content on CPU adapters, a 256² one on GPUs. */
function matchTuningSide(adapter: string): number {
  return isCpuAdapter(adapter) ? 32 : 64;
}

/**
 * Every conv of both networks (the encoder's five, then the decoder's) as it runs for a `size`² content (features
 * of size / 4), none smaller than MIN_TUNING_SIDE.
 */
export function tunableConvs(weights: ModelWeights, size: number): TunableConv[] {
  const features = size / 4;
  return [
    ...weights.encoder.convs.map((params, i) => ({ params, ...scaled(ENCODER_CONV_USES[i]!, size) })),
    ...weights.decoder.convs.map((params, i) => ({ params, ...scaled(DECODER_CONV_USES[i]!, features) })),
  ];
}

/**
 * The smallest side a conv is timed at. At 16² (relu3_1's layers for a 64² content) a Winograd layer's batched GEMMs
 * have too few tiles to show how it runs at the sizes stylize meets: on lavapipe, 128 → 256 by F(4×4) took 5.6 ms
 * against F(2×2)'s 4.6 at 16², but 10.6 against 18.0 at 32² and 44 against 79 at 64².
 */
const MIN_TUNING_SIDE = 32;

function scaled(use: ConvUse, size: number) {
  const side = Math.max(MIN_TUNING_SIDE, Math.round(size * use.scale));
  return { options: use.options, shape: { height: side, width: side } };
}

/** The shape class of every conv of both networks, in tunableConvs' order. */
function layerShapeClasses(weights: ModelWeights): string[] {
  return tunableConvs(weights, 4).map((c) => convShapeClass(c.params.inChannels, c.params.outChannels, c.options));
}

export function shapeClasses(weights: ModelWeights): string[] {
  return [...new Set(layerShapeClasses(weights))];
}

/** How the record says each conv of the encoder and of the decoder runs (the direct kernel where it says nothing). */
export function layerVariants(record: TuningRecord, weights: ModelWeights): { encoder: ConvVariant[]; decoder: ConvVariant[] } {
  const variants = layerShapeClasses(weights).map((shapeClass) => record.convs[shapeClass]?.variant ?? 'direct');
  const split = weights.encoder.convs.length;
  return { encoder: variants.slice(0, split), decoder: variants.slice(split) };
}

/** Where resolveTuning may find and keep records, and whom it tells how the timing goes. */
export interface TuningHooks {
  readonly store?: TuningStore;
  readonly onProgress?: TuningProgress;
}

/**
 * The tuning an instance runs with: the caller's record where it is valid for this adapter (a bad or foreign one is
 * ignored with a warning); by default one measured earlier in this process on the same adapter, else one kept in
 * the platform's store (a stale or foreign one is measured again, with a warning); else a new measurement with the
 * weights stored at `precision`, kept in the store. 'measure' skips the store's record (and replaces it).
 */
export async function resolveTuning(
  device: GPUDevice,
  adapter: string,
  launch: LaunchSettings,
  weights: ModelWeights,
  option: unknown,
  precision: Precision,
  hooks: TuningHooks = {},
): Promise<TuningRecord> {
  const classes = shapeClasses(weights);
  if (option === 'off') {
    const convs = Object.fromEntries(classes.map((c) => [c, { variant: 'direct' as const, ms: {} }]));
    return {
      format: TUNING_FORMAT,
      version: TUNING_VERSION,
      adapter,
      size: 0,
      convs,
      match: { variant: launch.windowMatch, ms: {} },
      gram: { variant: launch.gram, ms: {} },
    };
  }
  if (typeof option === 'object' && option !== null) {
    const problem = tuningRecordProblem(option, adapter, classes, deviceGramVariants(device));
    if (!problem) return option as TuningRecord;
    console.warn(`webgpu-style-swap: the tuning record passed to createStyleSwap is ignored (${problem}); measuring this adapter instead`);
  } else if (option !== undefined && option !== 'measure') {
    throw new StyleSwapError('option', `tuning must be a tuning record, 'measure' or 'off', got ${JSON.stringify(option)}`);
  }
  const known = adapter !== 'caller-provided device' && adapter !== 'unknown adapter';
  const key = `${adapter} (Gram: ${deviceGramVariants(device).join(', ')}; ${precision} weights)`;
  const store = known ? hooks.store : undefined;
  if (known) {
    const earlier = measuredRecords.get(key) ?? (option === undefined ? await storedRecord(store, key, adapter, classes, device) : undefined);
    if (earlier) {
      measuredRecords.set(key, earlier);
      return earlier;
    }
  }
  const record = await measure(device, adapter, launch, weights, precision, hooks.onProgress);
  if (known) {
    measuredRecords.set(key, record);
    await store?.write(key, record);
  }
  return record;
}

/** The store's record for `key` when it fits this adapter and these weights; a stale one is reported and skipped. */
async function storedRecord(
  store: TuningStore | undefined,
  key: string,
  adapter: string,
  classes: readonly string[],
  device: GPUDevice,
): Promise<TuningRecord | undefined> {
  const stored = await store?.read(key);
  if (stored === undefined) return undefined;
  const problem = tuningRecordProblem(stored, adapter, classes, deviceGramVariants(device));
  if (!problem) return stored as TuningRecord;
  console.warn(`webgpu-style-swap: the tuning record kept in ${store!.location} does not fit (${problem}); measuring this adapter again`);
  return undefined;
}

async function measure(
  device: GPUDevice,
  adapter: string,
  launch: LaunchSettings,
  weights: ModelWeights,
  precision: Precision,
  onProgress?: TuningProgress,
): Promise<TuningRecord> {
  const size = tuningSize(adapter);
  const convs = tunableConvs(weights, size);
  const total = shapeClasses(weights).length + 2; // the convs' shape classes, the match, the Gram
  let done = 0;
  const step = () => onProgress?.(++done, total);
  onProgress?.(0, total);
  const choices = await measureConvChoices(device, launch, convs, timedConvVariants(isCpuAdapter(adapter)), precision, step);
  const match = await measureMatchChoice(device, launch, matchTuningSide(adapter));
  step();
  const gram = await measureGramChoice(device, launch, matchTuningSide(adapter));
  step();
  return { format: TUNING_FORMAT, version: TUNING_VERSION, adapter, size, convs: choices, match, gram };
}
