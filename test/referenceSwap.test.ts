// The CPU reference of the swap against test/fixtures/swap_*.
import { describe, expect, it } from 'vitest';
import { referenceSwap } from '../src/reference/swap';
import { relativeL2 } from './helpers/compare';
import { readGolden } from './helpers/fixtures';
import { modelWeights } from './helpers/weights';
import { tiesExplain } from './helpers/ties';

const cases = [
  { file: 'swap_p3s1.safetensors', k: 3, stride: 1, vgg19: false },
  { file: 'swap_p5s2.safetensors', k: 5, stride: 2, vgg19: false },
  { file: 'swap_p3s1_caffe.safetensors', k: 3, stride: 1, vgg19: true },
];

describe('CPU reference swap vs golden', () => {
  for (const { file, k, stride, vgg19 } of cases) {
    it(file, async () => {
      const golden = readGolden(file);
      const scale = (await modelWeights()).encoder.caffeScale;
      const weights = vgg19 ? scale.map((s) => s * s) : new Float32Array(256).fill(1);
      const ours = referenceSwap(golden.chw('content_features'), golden.chw('style_features'), k, stride, weights);
      if (!vgg19) expect(relativeL2(ours.norms, golden.raw('style_patch_norms'))).toBeLessThan(1e-6);
      const goldenArgmax = golden.raw('argmax') as Int32Array;
      tiesExplain(ours.argmax, goldenArgmax, ours.best, golden.raw('best_score') as Float32Array);
      expect(relativeL2(ours.best, golden.raw('best_score'))).toBeLessThan(1e-5);
      expect(relativeL2(ours.swapped.data, golden.chw('swapped').data)).toBeLessThan(1e-5);
    });
  }
});
