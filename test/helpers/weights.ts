import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseModelWeights, type ModelWeights } from '../../src/model/weights';
import { WEIGHTS_DIR } from './fixtures';

export const weightBytes = () => ({
  encoder: readFileSync(resolve(WEIGHTS_DIR, 'vgg19_relu3_1.safetensors')),
  decoder: readFileSync(resolve(WEIGHTS_DIR, 'decoder_relu3_1.safetensors')),
});

let cached: Promise<ModelWeights> | null = null;
export const modelWeights = (): Promise<ModelWeights> => (cached ??= parseModelWeights(weightBytes()));
