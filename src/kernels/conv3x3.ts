import conv3x3Code from '../../shaders/conv3x3.wgsl';
import conv3x3NarrowCode from '../../shaders/conv3x3_narrow.wgsl';
import conv3x3TiledCode from '../../shaders/conv3x3_tiled.wgsl';
import type { ConvVariant, Precision } from '../api';
import { createStorageBuffer } from '../gpu/buffers';
import { createDispatch, type KernelContext } from './kernel';
import type { Dispatch } from '../gpu/dispatch';
import { wgslConstant } from './wgslConstants';
import { atPrecision, kernelAtPrecision } from './halfFloat';
import type { ConvOptions, ConvParams } from './convLayer';
import { isWinograd, uploadWinograd, WINOGRAD_TILES, winogradBandRows, winogradConv, type GpuWinograd, type WinogradScratch } from './winograd';

/** Vec4 groups of output channels per invocation (the shader's register tile is 4 pixels × 4·GROUPS channels). */
export const CONV_GROUPS = wgslConstant(conv3x3Code, 'GROUPS');
const CONV_PIXELS = wgslConstant(conv3x3Code, 'PIXELS');
const NARROW_PIXELS = wgslConstant(conv3x3NarrowCode, 'PIXELS');
const TILED_BLOCK = wgslConstant(conv3x3TiledCode, 'BLOCK');
const TILED_GROUPS = wgslConstant(conv3x3TiledCode, 'TILE_GROUPS');
const TILED_WORKGROUP = wgslConstant(conv3x3TiledCode, 'WORKGROUP');

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
  /** How the tuner chose to run this layer (src/tuning/convTuner.ts). */
  readonly variant: ConvVariant;
  /** The Winograd filters and scratch, for the 'winograd' and 'winograd4' variants. */
  readonly winograd?: GpuWinograd;
  /** How the weights (and Winograd filters) are stored. */
  readonly precision: Precision;
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

/**
 * Uploads a conv layer to run as `variant`, its weights stored at `precision`; Winograd also uploads its filters,
 * to run through `scratch`.
 */
export function uploadConv(
  context: KernelContext,
  conv: ConvParams,
  variant: ConvVariant = 'direct',
  scratch?: WinogradScratch,
  precision: Precision = 'f32',
): GpuConv {
  const packed = packConvWeights(conv);
  const weights = createStorageBuffer(context.device, `${conv.name}.weights`, atPrecision(packed.weights, precision));
  const bias = createStorageBuffer(context.device, `${conv.name}.bias`, packed.bias);
  context.owned.push(weights, bias);
  const layer = { name: conv.name, inChannels: conv.inChannels, outChannels: conv.outChannels, outGroups: packed.outGroups, weights, bias, variant, precision };
  const tile = WINOGRAD_TILES[variant];
  if (tile === undefined) return layer;
  if (!scratch) throw new Error(`${conv.name}: the Winograd variant needs its scratch`);
  return { ...layer, winograd: uploadWinograd(context, conv, tile, scratch, precision) };
}

/**
 * The variant a layer runs as with these options at this size: its own where it applies (Winograd: one band of
 * tile rows fits the scratch; narrow and tiled: no pooling), else the direct kernel.
 */
export function effectiveVariant(conv: GpuConv, options: ConvOptions, shape: { height: number; width: number }): ConvVariant {
  const { winograd } = conv;
  if (winograd && winogradBandRows(shape, conv.inChannels, conv.outGroups, winograd.scratch.bytes, winograd.tile) > 0) return conv.variant;
  if ((conv.variant === 'narrow' || conv.variant === 'tiled') && !options.pool) return conv.variant;
  return 'direct';
}

/**
 * A conv over an input of `shape` (after the optional upsampling); the output is `shape`, or halved with pool. As
 * the layer's effectiveVariant.
 */
export function conv3x3(
  context: KernelContext,
  conv: GpuConv,
  options: ConvOptions,
  shape: { height: number; width: number },
  input: GPUBuffer,
  output: GPUBuffer,
): Promise<Dispatch>[] {
  const variant = effectiveVariant(conv, options, shape);
  if (isWinograd(variant)) return winogradConv(context, { ...conv, winograd: conv.winograd! }, options, shape, input, output);
  if (variant === 'narrow') return [narrowConv(context, conv, options, shape, input, output)];
  if (variant === 'tiled') return [tiledConv(context, conv, options, shape, input, output)];
  return [directConv(context, conv, options, shape, input, output)];
}

/** conv3x3_narrow.wgsl: 8 pixels × 4 output channels an invocation, for layers with few output channels. */
function narrowConv(
  context: KernelContext,
  conv: GpuConv,
  options: ConvOptions,
  shape: { height: number; width: number },
  input: GPUBuffer,
  output: GPUBuffer,
): Promise<Dispatch> {
  const threads = [Math.ceil(conv.outChannels / 4), Math.ceil(shape.width / NARROW_PIXELS), shape.height] as const;
  return registerTiledConv(
    context,
    conv,
    shape,
    input,
    output,
    { name: 'conv3x3_narrow', code: conv3x3NarrowCode, fusions: { UPSAMPLE_INPUT: Number(options.upsampleInput ?? false) } },
    options.relu,
    threads,
  );
}

/** conv3x3_tiled.wgsl: the implicit GEMM through workgroup memory, 8×8 pixels × 64 channels a workgroup. */
function tiledConv(
  context: KernelContext,
  conv: GpuConv,
  options: ConvOptions,
  shape: { height: number; width: number },
  input: GPUBuffer,
  output: GPUBuffer,
): Promise<Dispatch> {
  const blocks = [Math.ceil(shape.width / TILED_BLOCK), Math.ceil(shape.height / TILED_BLOCK)];
  return createDispatch(context, {
    ...convBindings(conv, shape, input, output),
    kernel: {
      ...kernelAtPrecision('conv3x3_tiled', conv3x3TiledCode, 'weights', conv.precision),
      constants: { RELU: Number(options.relu), UPSAMPLE_INPUT: Number(options.upsampleInput ?? false) },
    },
    workgroupSize: [TILED_WORKGROUP, 1, 1],
    threads: [Math.ceil(conv.outGroups / TILED_GROUPS) * TILED_WORKGROUP, blocks[0]!, blocks[1]!],
  });
}

/** conv3x3.wgsl: the register-tiled implicit GEMM. */
function directConv(
  context: KernelContext,
  conv: GpuConv,
  options: ConvOptions,
  shape: { height: number; width: number },
  input: GPUBuffer,
  output: GPUBuffer,
): Promise<Dispatch> {
  const pool = options.pool ?? false;
  const tiles = pool ? [Math.floor(shape.width / 2), Math.floor(shape.height / 2)] : [Math.ceil(shape.width / CONV_PIXELS), shape.height];
  const fusions = { POOL: Number(pool), UPSAMPLE_INPUT: Number(options.upsampleInput ?? false) };
  return registerTiledConv(context, conv, shape, input, output, { name: 'conv3x3', code: conv3x3Code, fusions }, options.relu, [
    conv.outGroups / CONV_GROUPS,
    tiles[0]!,
    tiles[1]!,
  ]);
}

/** The dispatch both direct kernels share: the same bindings, parameters and workgroup shape; their own tiles. */
function registerTiledConv(
  context: KernelContext,
  conv: GpuConv,
  shape: { height: number; width: number },
  input: GPUBuffer,
  output: GPUBuffer,
  kernel: { name: string; code: string; fusions: Record<string, number> },
  relu: boolean,
  threads: readonly [number, number, number],
): Promise<Dispatch> {
  const [wx, wy] = context.launch.convWorkgroup;
  return createDispatch(context, {
    ...convBindings(conv, shape, input, output),
    kernel: {
      ...kernelAtPrecision(kernel.name, kernel.code, 'weights', conv.precision),
      constants: { WORKGROUP_X: wx, WORKGROUP_Y: wy, RELU: Number(relu), ...kernel.fusions },
    },
    workgroupSize: [1, wx, wy],
    threads,
  });
}

/** What the three direct kernels (conv3x3, _narrow, _tiled) share: their label, parameters and bindings. */
function convBindings(conv: GpuConv, shape: { height: number; width: number }, input: GPUBuffer, output: GPUBuffer) {
  return {
    label: conv.name,
    params: { in_channels: conv.inChannels, height: shape.height, width: shape.width, out_channels: conv.outChannels, out_groups: conv.outGroups },
    buffers: { input, weights: conv.weights, bias: conv.bias, output },
  };
}
