import type { DecoderWeights, EncoderWeights } from '../model/weights';
import { conv3x3 } from './conv3x3';
import { maxpool2x2 } from './maxpool2x2';
import type { Tensor } from './tensor';
import { upsample2x } from './upsample2x';

/** Every intermediate of the encoder, named as in the golden fixtures (test/fixtures) (conv0 is folded into relu1_1). */
export function referenceEncoder(weights: EncoderWeights, input: Tensor): Record<string, Tensor> {
  const [c11, c12, c21, c22, c31] = weights.convs.map((l) => (x: Tensor) => conv3x3(x, l.weight, l.bias, l.outChannels, true));
  const relu1_1 = c11!(input);
  const relu1_2 = c12!(relu1_1);
  const pool1 = maxpool2x2(relu1_2);
  const relu2_1 = c21!(pool1);
  const relu2_2 = c22!(relu2_1);
  const pool2 = maxpool2x2(relu2_2);
  const relu3_1 = c31!(pool2);
  return { relu1_1, relu1_2, pool1, relu2_1, relu2_2, pool2, relu3_1 };
}

/** Every intermediate of the inverse net, named as in the golden fixtures (test/fixtures); dec_out is not clamped. */
export function referenceDecoder(weights: DecoderWeights, features: Tensor): Record<string, Tensor> {
  const conv = (i: number, x: Tensor, relu = true) => {
    const l = weights.convs[i]!;
    return conv3x3(x, l.weight, l.bias, l.outChannels, relu);
  };
  const dec_relu3_1 = conv(0, features);
  const dec_up2 = upsample2x(dec_relu3_1);
  const dec_relu2_2 = conv(1, dec_up2);
  const dec_relu2_1 = conv(2, dec_relu2_2);
  const dec_up1 = upsample2x(dec_relu2_1);
  const dec_relu1_2 = conv(3, dec_up1);
  const dec_out = conv(4, dec_relu1_2, false);
  return { dec_relu3_1, dec_up2, dec_relu2_2, dec_relu2_1, dec_up1, dec_relu1_2, dec_out };
}
