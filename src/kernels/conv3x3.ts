import conv3x3Code from '../../shaders/conv3x3.wgsl';
import { createStorageBuffer } from '../gpu/buffers';
import { createDispatch, type KernelContext } from './kernel';
import type { Dispatch } from '../gpu/dispatch';
import { wgslConstant } from './wgslConstants';
import { uploadWinograd, winogradBandRows, winogradConv, type GpuWinograd, type WinogradScratch } from './winograd';

/** Vec4 groups of output channels per invocation (the shader's register tile is 4 pixels × 4·GROUPS channels). */
export const CONV_GROUPS = wgslConstant(conv3x3Code, 'GROUPS');
const CONV_PIXELS = wgslConstant(conv3x3Code, 'PIXELS');

/** One 3x3 convolution's parameters, OIHW weights as in the file. */
export interface ConvParams {
  readonly name: string;
  readonly outChannels: number;
  readonly inChannels: number;
  readonly weight: Float32Array; // [out, in, 3, 3]
  readonly bias: Float32Array; // [out]
}

/** What a conv layer does besides the convolution itself. */
export interface ConvOptions {
  readonly relu: boolean;
  /** 2x2 max pooling (floor) fused into the epilogue. */
  readonly pool?: boolean;
  /** Read the input through a nearest ×2 upsampling: `shape` is the upsampled size. */
  readonly upsampleInput?: boolean;
}

/** How a network runs one of its convs: the fusions, and its size relative to the network's input. */
export interface ConvUse {
  readonly options: ConvOptions;
  readonly scale: number;
}

/** A conv layer's parameters on the GPU, packed for the shader's register tile. */
export interface GpuConv {
  readonly name: string;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly outGroups: number; // padded out channels / 4
  readonly weights: GPUBuffer;
  readonly bias: GPUBuffer;
  /** Present where the tuner chose Winograd for this layer (kernels/convVariants.ts). */
  readonly winograd?: GpuWinograd;
}

/**
 * OIHW weights → [in × 9][out_padded] (out channels contiguous, padded with zeros to a multiple of 4·groups),
 * so each (channel, tap) step reads whole vec4s of output channels.
 */
export function packConvWeights(conv: ConvParams, groupsPerInvocation = CONV_GROUPS) {
  const padded = Math.ceil(conv.outChannels / (4 * groupsPerInvocation)) * 4 * groupsPerInvocation;
  const k = conv.inChannels * 9;
  const weights = new Float32Array(k * padded);
  for (let o = 0; o < conv.outChannels; o++) {
    for (let kk = 0; kk < k; kk++) weights[kk * padded + o] = conv.weight[o * k + kk]!;
  }
  const bias = new Float32Array(padded);
  bias.set(conv.bias);
  return { weights, bias, outGroups: padded / 4 };
}

/** Uploads a conv layer; with `winograd` scratch, its Winograd filters too, and the layer then runs that way. */
export function uploadConv(context: KernelContext, conv: ConvParams, winograd?: WinogradScratch): GpuConv {
  const packed = packConvWeights(conv);
  const weights = createStorageBuffer(context.device, `${conv.name}.weights`, packed.weights);
  const bias = createStorageBuffer(context.device, `${conv.name}.bias`, packed.bias);
  context.owned.push(weights, bias);
  const layer = { name: conv.name, inChannels: conv.inChannels, outChannels: conv.outChannels, outGroups: packed.outGroups, weights, bias };
  return winograd ? { ...layer, winograd: uploadWinograd(context, conv, winograd) } : layer;
}

/**
 * A conv over an input of `shape` (after the optional upsampling); the output is `shape`, or halved with pool. By
 * Winograd where the layer has its filters and one band of tile rows fits the scratch, else directly.
 */
export function conv3x3(
  context: KernelContext,
  conv: GpuConv,
  options: ConvOptions,
  shape: { height: number; width: number },
  input: GPUBuffer,
  output: GPUBuffer,
): Promise<Dispatch>[] {
  const { winograd } = conv;
  if (winograd && winogradBandRows(shape, conv.inChannels, conv.outGroups, winograd.scratch.bytes) > 0) {
    return winogradConv(context, { ...conv, winograd }, options, shape, input, output);
  }
  return [directConv(context, conv, options, shape, input, output)];
}

/** conv3x3.wgsl: the register-tiled implicit GEMM. */
export function directConv(
  context: KernelContext,
  conv: GpuConv,
  options: ConvOptions,
  shape: { height: number; width: number },
  input: GPUBuffer,
  output: GPUBuffer,
): Promise<Dispatch> {
  const [wx, wy] = context.tuning.convWorkgroup;
  const pool = options.pool ?? false;
  const upsampleInput = options.upsampleInput ?? false;
  const tiles = pool ? [Math.floor(shape.width / 2), Math.floor(shape.height / 2)] : [Math.ceil(shape.width / CONV_PIXELS), shape.height];
  return createDispatch(context, {
    label: conv.name,
    kernel: {
      name: 'conv3x3',
      code: conv3x3Code,
      constants: { WORKGROUP_X: wx, WORKGROUP_Y: wy, RELU: Number(options.relu), POOL: Number(pool), UPSAMPLE_INPUT: Number(upsampleInput) },
    },
    workgroupSize: [1, wx, wy],
    params: { in_channels: conv.inChannels, height: shape.height, width: shape.width, out_channels: conv.outChannels, out_groups: conv.outGroups },
    buffers: { input, weights: conv.weights, bias: conv.bias, output },
    threads: [conv.outGroups / CONV_GROUPS, tiles[0]!, tiles[1]!],
  });
}
