import { StyleSwapError } from '../errors';
import type { ConvParams } from '../kernels/convLayer';
import type { WeightBytes } from '../api';
import { weightsManifest, type NetworkName } from './manifest';
import { parseSafetensors, readF32, type SafetensorsFile } from './safetensors';

export interface EncoderWeights {
  /** conv1_1 with conv0 (the pointwise RGB → BGR×255 − mean) folded in: it reads RGB in [0,1] directly. */
  readonly convs: readonly ConvParams[]; // conv1_1, conv1_2, conv2_1, conv2_2, conv3_1
  readonly caffeScale: Float32Array; // [256]
}

export interface DecoderWeights {
  readonly convs: readonly ConvParams[]; // deconv3_1, deconv2_2, deconv2_1, deconv1_2, deconv1_1
}

export interface ModelWeights {
  readonly encoder: EncoderWeights;
  readonly decoder: DecoderWeights;
}

const ENCODER_CONVS = ['conv1_1', 'conv1_2', 'conv2_1', 'conv2_2', 'conv3_1'] as const;
const DECODER_CONVS = ['deconv3_1', 'deconv2_2', 'deconv2_1', 'deconv1_2', 'deconv1_1'] as const;

/** Checks both files against weights/manifest.json (size, sha256, every tensor's dtype and shape) and reads them. */
export async function parseModelWeights(bytes: WeightBytes): Promise<ModelWeights> {
  const encoderFile = await validatedFile('encoder', bytes.encoder);
  const decoderFile = await validatedFile('decoder', bytes.decoder);
  const conv = (file: SafetensorsFile, name: string): ConvParams => {
    const shape = file.tensors.get(`${name}.weight`)!.shape;
    return {
      name,
      outChannels: shape[0]!,
      inChannels: shape[1]!,
      weight: readF32(file, `${name}.weight`),
      bias: readF32(file, `${name}.bias`),
    };
  };
  const [conv1_1, ...rest] = ENCODER_CONVS.map((name) => conv(encoderFile, name));
  return {
    encoder: {
      convs: [foldPointwiseInto(conv(encoderFile, 'conv0'), conv1_1!), ...rest],
      caffeScale: readF32(encoderFile, 'conv3_1.caffe_scale'),
    },
    decoder: { convs: DECODER_CONVS.map((name) => conv(decoderFile, name)) },
  };
}

async function validatedFile(network: NetworkName, data: Uint8Array | ArrayBuffer): Promise<SafetensorsFile> {
  const expected = weightsManifest[network];
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  const fail = (what: string): never => {
    throw new StyleSwapError('weights', `weights file ${expected.file} (${network}): ${what}`);
  };
  let file: SafetensorsFile;
  try {
    file = parseSafetensors(bytes);
  } catch (cause) {
    return fail(`not a readable safetensors file: ${(cause as Error).message}`);
  }
  for (const [name, spec] of Object.entries(expected.tensors)) {
    const found = file.tensors.get(name);
    if (!found) fail(`tensor ${name} is missing`);
    else if (found.dtype !== spec.dtype || found.shape.join('x') !== spec.shape.join('x')) {
      fail(`tensor ${name} is ${found.dtype} [${found.shape.join(', ')}], expected ${spec.dtype} [${spec.shape.join(', ')}]`);
    } else if (found.end - found.begin !== 4 * spec.shape.reduce((a, b) => a * b, 1)) {
      fail(`tensor ${name} holds ${found.end - found.begin} bytes, not the ${4 * spec.shape.reduce((a, b) => a * b, 1)} its shape needs`);
    }
  }
  if (bytes.byteLength !== expected.bytes) fail(`${bytes.byteLength} bytes, expected ${expected.bytes} (truncated or another file?)`);
  const digest = await sha256Hex(bytes);
  if (digest !== expected.sha256) fail(`sha256 ${digest} does not match the manifest's ${expected.sha256}`);
  return file;
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new StyleSwapError('weights', 'cannot check the weights: crypto.subtle is unavailable (not a secure context?)');
  const digest = await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * Folds a pointwise conv (p: [mid, in, 1, 1] + bias) into the 3x3 conv after it (c: [out, mid, 3, 3]).
 * Exact, because reflection padding commutes with a pointwise map: c(pad(p·x + b)) = (c∘p)(pad(x)) + c(b).
 */
export function foldPointwiseInto(pointwise: ConvParams, next: ConvParams): ConvParams {
  const inC = pointwise.inChannels;
  const midC = pointwise.outChannels;
  const outC = next.outChannels;
  const weight = new Float32Array(outC * inC * 9);
  const bias = Float32Array.from(next.bias);
  for (let o = 0; o < outC; o++) {
    for (let m = 0; m < midC; m++) {
      for (let t = 0; t < 9; t++) {
        const w = next.weight[(o * midC + m) * 9 + t]!;
        bias[o]! += w * pointwise.bias[m]!;
        for (let i = 0; i < inC; i++) weight[(o * inC + i) * 9 + t]! += w * pointwise.weight[m * inC + i]!;
      }
    }
  }
  return { name: next.name, outChannels: outC, inChannels: inC, weight, bias };
}
