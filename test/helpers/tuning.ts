import type { ConvVariant, TuningRecord } from '../../src/tuning/record';

/** The record with every shape class forced to one variant (and made-up times, so a re-measurement would show). */
export function forced(record: TuningRecord, variant: ConvVariant, windowMatch = record.match.variant, gram = record.gram.variant): TuningRecord {
  const convs = Object.fromEntries(Object.keys(record.convs).map((c) => [c, { variant, ms: { [variant]: 1 } }]));
  return { ...record, convs, match: { variant: windowMatch, ms: { [windowMatch]: 1 } }, gram: { variant: gram, ms: { [gram]: 1 } } };
}
