// The CPU reference against the independent numpy fixtures in test/fixtures: every intermediate tensor.
import { describe, expect, it } from 'vitest';
import { conv3x3 } from '../src/reference/conv3x3';
import { referenceDecoder, referenceEncoder } from '../src/reference/networks';
import { tensor } from '../src/reference/tensor';
import { foldPointwiseInto } from '../src/model/weights';
import { relativeL2, seededValues } from './helpers/compare';
import { readGolden } from './helpers/fixtures';
import { modelWeights } from './helpers/weights';

const FEATURE_TOLERANCE = 1e-5; // rel. L2 per layer: float32 vs float32 numpy, different summation order

describe('CPU reference vs golden', () => {
  it('encoder: every layer of encoder_chelsea_64x48', async () => {
    const golden = readGolden('encoder_chelsea_64x48.safetensors');
    const ours = referenceEncoder((await modelWeights()).encoder, golden.chw('input'));
    for (const name of ['relu1_1', 'relu1_2', 'pool1', 'relu2_1', 'relu2_2', 'pool2', 'relu3_1']) {
      const expected = golden.chw(name);
      const actual = ours[name]!;
      expect([actual.channels, actual.height, actual.width], name).toEqual([expected.channels, expected.height, expected.width]);
      expect(relativeL2(actual.data, expected.data), name).toBeLessThan(FEATURE_TOLERANCE);
    }
  });

  it('decoder: every layer of decoder_chelsea_64x48', async () => {
    const golden = readGolden('decoder_chelsea_64x48.safetensors');
    const ours = referenceDecoder((await modelWeights()).decoder, golden.chw('input'));
    for (const name of ['dec_relu3_1', 'dec_up2', 'dec_relu2_2', 'dec_relu2_1', 'dec_up1', 'dec_relu1_2', 'dec_out']) {
      const expected = golden.chw(name);
      expect(relativeL2(ours[name]!.data, expected.data), name).toBeLessThan(FEATURE_TOLERANCE);
    }
  });

  it('foldPointwiseInto is exact on random layers (odd channel counts)', () => {
    const [inC, midC, outC, H, W] = [5, 7, 3, 5, 7];
    const pointwise = { name: 'p', inChannels: inC, outChannels: midC, weight: seededValues(midC * inC, 1), bias: seededValues(midC, 2) };
    const next = { name: 'n', inChannels: midC, outChannels: outC, weight: seededValues(outC * midC * 9, 3), bias: seededValues(outC, 4) };
    const x = tensor(inC, H, W, seededValues(inC * H * W, 5));
    // pointwise conv written out: mid[m] = Σ_i p[m,i]·x[i] + b[m]
    const mid = tensor(midC, H, W);
    for (let m = 0; m < midC; m++) {
      for (let p = 0; p < H * W; p++) {
        let s = pointwise.bias[m]!;
        for (let i = 0; i < inC; i++) s += pointwise.weight[m * inC + i]! * x.data[i * H * W + p]!;
        mid.data[m * H * W + p] = s;
      }
    }
    const twoSteps = conv3x3(mid, next.weight, next.bias, outC, false);
    const f = foldPointwiseInto(pointwise, next);
    const oneStep = conv3x3(x, f.weight, f.bias, outC, false);
    expect(relativeL2(oneStep.data, twoSteps.data)).toBeLessThan(1e-6);
  });
});
