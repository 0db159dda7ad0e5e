import type { ConvChoice, ConvVariant, GramChoice, GramVariant, MatchChoice, TuningRecord, WindowMatchVariant } from '../api';
import type { ConvOptions } from '../kernels/convLayer';

export type { ConvChoice, ConvVariant, GramChoice, GramVariant, MatchChoice, TuningRecord, WindowMatchVariant } from '../api';

export const CONV_VARIANTS: readonly ConvVariant[] = ['direct', 'winograd', 'winograd4', 'narrow', 'tiled'];
export const WINDOW_MATCH_VARIANTS: readonly WindowMatchVariant[] = ['content-major', 'style-major'];
export const TUNING_FORMAT: TuningRecord['format'] = 'webgpu-style-swap/tuning';
export const GRAM_VARIANTS: readonly GramVariant[] = ['register', 'tiled', 'subgroup'];
export const TUNING_VERSION: TuningRecord['version'] = 3;

/** A conv's shape class: what decides which variant is fastest, besides the adapter and the size. */
export function convShapeClass(inChannels: number, outChannels: number, options: ConvOptions): string {
  const fusions = [options.pool && 'pool', options.upsampleInput && 'upsampled input'].filter(Boolean);
  return `conv3x3 ${inChannels}→${outChannels}${fusions.map((f) => ` + ${f}`).join('')}`;
}

/**
 * Why `value` cannot be used as this adapter's tuning for these shape classes, or null if it can: a record is
 * checked field by field, never trusted because it parses. `gramVariants`: the Gram variants this device can run.
 */
export function tuningRecordProblem(value: unknown, adapter: string, shapeClasses: readonly string[], gramVariants: readonly GramVariant[]): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'it is not an object';
  const record = value as Partial<Record<keyof TuningRecord, unknown>>;
  if (record.format !== TUNING_FORMAT) return `its format is ${JSON.stringify(record.format)}, not "${TUNING_FORMAT}"`;
  if (record.version !== TUNING_VERSION) return `its version is ${JSON.stringify(record.version)}, not ${TUNING_VERSION}`;
  if (record.adapter !== adapter) return `it was measured on another adapter (${JSON.stringify(record.adapter)}, this is "${adapter}")`;
  if (typeof record.size !== 'number' || !(record.size >= 0)) return 'its size is not a number ≥ 0';
  const convs = record.convs;
  if (typeof convs !== 'object' || convs === null) return 'it has no convs';
  for (const shapeClass of shapeClasses) {
    const choice = (convs as Record<string, Partial<ConvChoice> | undefined>)[shapeClass];
    if (!choice || !(CONV_VARIANTS as readonly unknown[]).includes(choice.variant)) return `it has no valid choice for ${shapeClass}`;
  }
  const match = record.match as Partial<MatchChoice> | undefined;
  if (!match || !(WINDOW_MATCH_VARIANTS as readonly unknown[]).includes(match.variant)) return 'it has no valid choice for the match';
  const gram = record.gram as Partial<GramChoice> | undefined;
  if (!gram || !(GRAM_VARIANTS as readonly unknown[]).includes(gram.variant)) return 'it has no valid choice for the Gram GEMM';
  if (!gramVariants.includes(gram.variant!))
    return `its Gram variant "${gram.variant}" does not run on this device (no subgroups feature, or subgroup sizes outside 4 to 64)`;
  return null;
}
