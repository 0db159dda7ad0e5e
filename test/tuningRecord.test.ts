// The tuning record's checks, without a GPU: what makes a stored record unusable is named, field by field.
import { describe, expect, it } from 'vitest';
import { chosenVariant, timedConvVariants } from '../src/tuning/convTuner';
import { convShapeClass, tuningRecordProblem, type TuningRecord } from '../src/tuning/record';

const ADAPTER = 'vendor / arch / device';
const CLASSES = [convShapeClass(3, 64, { relu: true }), convShapeClass(64, 64, { relu: true, pool: true })];
const RECORD: TuningRecord = {
  format: 'webgpu-style-swap/tuning',
  version: 3,
  adapter: ADAPTER,
  size: 64,
  convs: { [CLASSES[0]!]: { variant: 'direct', ms: { direct: 1, winograd: 2 } }, [CLASSES[1]!]: { variant: 'winograd', ms: {} } },
  match: { variant: 'style-major', ms: { 'content-major': 3, 'style-major': 1 } },
  gram: { variant: 'subgroup', ms: { register: 3, tiled: 2, subgroup: 1 } },
};
const GRAM_VARIANTS = ['register', 'tiled', 'subgroup'] as const;

describe('tuning record', () => {
  it('names a shape class by its channels and fusions', () => {
    expect(CLASSES).toEqual(['conv3x3 3→64', 'conv3x3 64→64 + pool']);
    expect(convShapeClass(128, 128, { relu: true, upsampleInput: true })).toBe('conv3x3 128→128 + upsampled input');
  });

  it('accepts a complete record for this adapter, also after a JSON round trip', () => {
    expect(tuningRecordProblem(RECORD, ADAPTER, CLASSES, GRAM_VARIANTS)).toBeNull();
    expect(tuningRecordProblem(JSON.parse(JSON.stringify(RECORD)), ADAPTER, CLASSES, GRAM_VARIANTS)).toBeNull();
    const winograd4 = { ...RECORD, convs: { ...RECORD.convs, [CLASSES[1]!]: { variant: 'winograd4', ms: {} } } };
    expect(tuningRecordProblem(winograd4, ADAPTER, CLASSES, GRAM_VARIANTS)).toBeNull();
  });

  const bad: [string, unknown, RegExp][] = [
    ['not an object', 'fast', /not an object/],
    ['an array', [RECORD], /not an object/],
    ['another format', { ...RECORD, format: 'something-else' }, /format is "something-else"/],
    ['an earlier version (no Gram choice)', { ...RECORD, version: 1 }, /version is 1, not 3/],
    ['an earlier version (no Winograd F(4×4) among its choices)', { ...RECORD, version: 2 }, /version is 2, not 3/],
    ['another adapter', { ...RECORD, adapter: 'NVIDIA H200' }, /another adapter \("NVIDIA H200", this is "vendor \/ arch \/ device"\)/],
    ['a negative size', { ...RECORD, size: -1 }, /size is not a number ≥ 0/],
    ['no convs', { ...RECORD, convs: undefined }, /no convs/],
    ['a missing shape class', { ...RECORD, convs: { [CLASSES[0]!]: RECORD.convs[CLASSES[0]!] } }, /no valid choice for conv3x3 64→64 \+ pool/],
    ['no match choice', { ...RECORD, match: undefined }, /no valid choice for the match/],
    ['an unknown match layout', { ...RECORD, match: { variant: 'diagonal', ms: {} } }, /no valid choice for the match/],
    ['no Gram choice', { ...RECORD, gram: undefined }, /no valid choice for the Gram GEMM/],
    ['an unknown Gram variant', { ...RECORD, gram: { variant: 'strassen', ms: {} } }, /no valid choice for the Gram GEMM/],
    ['an unknown variant', { ...RECORD, convs: { ...RECORD.convs, [CLASSES[1]!]: { variant: 'fft', ms: {} } } }, /no valid choice for conv3x3 64→64 \+ pool/],
  ];
  for (const [what, value, message] of bad) {
    it(`refuses ${what}, saying why`, () => {
      expect(tuningRecordProblem(value, ADAPTER, CLASSES, GRAM_VARIANTS)).toMatch(message);
    });
  }

  it('refuses the subgroup Gram variant on a device without subgroups (the same adapter, another device)', () => {
    expect(tuningRecordProblem(RECORD, ADAPTER, CLASSES, ['register', 'tiled'])).toMatch(/Gram variant "subgroup" does not run on this device/);
    expect(tuningRecordProblem({ ...RECORD, gram: { variant: 'tiled', ms: {} } }, ADAPTER, CLASSES, ['register', 'tiled'])).toBeNull();
  });

  it('a CPU adapter does not time the workgroup-memory conv; a GPU times every variant', () => {
    expect(timedConvVariants(true)).toEqual(['direct', 'winograd', 'winograd4', 'narrow']);
    expect(timedConvVariants(false)).toEqual(['direct', 'winograd', 'winograd4', 'narrow', 'tiled']);
  });

  it('the tuner leaves the direct kernel only for a variant at least 20% faster, and never for one that was not timed', () => {
    expect(chosenVariant({ direct: 10, winograd: 8.4 })).toBe('direct');
    expect(chosenVariant({ direct: 10, winograd: 8 })).toBe('winograd');
    expect(chosenVariant({ direct: 10 })).toBe('direct');
    expect(chosenVariant({ winograd: 3 })).toBe('winograd'); // the direct kernel failed on the adapter
    expect(chosenVariant({})).toBe('direct');
  });
});
