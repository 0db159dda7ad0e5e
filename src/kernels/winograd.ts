import winogradGemmCode from '../../shaders/winograd_gemm.wgsl';
import winogradInputCode from '../../shaders/winograd_input.wgsl';
import winogradOutputCode from '../../shaders/winograd_output.wgsl';
import { createStorageBuffer, createWorkBuffer } from '../gpu/buffers';
import type { Dispatch } from '../gpu/dispatch';
import type { Precision } from '../api';
import type { ConvOptions, ConvParams } from './conv3x3';
import { atPrecision, kernelAtPrecision } from './halfFloat';
import { createDispatch, type KernelContext } from './kernel';
import { wgslConstant } from './wgslConstants';

const GEMM_PIXELS = wgslConstant(winogradGemmCode, 'PIXELS');
const GEMM_GROUPS = wgslConstant(winogradGemmCode, 'GROUPS');
/** Transform positions of F(2×2, 3×3): one 4×4 patch per 2×2 output tile. */
const POSITIONS = 16;

// G of F(2×2, 3×3): U = G g Gᵀ turns a 3×3 filter into the 4×4 transform domain.
const G = [
  [1, 0, 0],
  [0.5, 0.5, 0.5],
  [0.5, -0.5, 0.5],
  [0, 0, 1],
] as const;

/**
 * The two scratch buffers every Winograd convolution of a device shares, each `bytes` long: the transformed input
 * of one band of tile rows and its products. Convolutions run one after another, so one pair serves them all.
 */
export interface WinogradScratch {
  readonly transformed: GPUBuffer;
  readonly products: GPUBuffer;
  readonly bytes: number;
}

export function createWinogradScratch(context: KernelContext, bytes: number): WinogradScratch {
  const transformed = createWorkBuffer(context.device, 'winograd.transformed (scratch)', bytes);
  const products = createWorkBuffer(context.device, 'winograd.products (scratch)', bytes);
  context.owned.push(transformed, products);
  return { transformed, products, bytes };
}

/** A conv layer's Winograd filters on the GPU, with the scratch they run through. */
export interface GpuWinograd {
  readonly filters: GPUBuffer;
  /** How the filters are stored. */
  readonly precision: Precision;
  readonly scratch: WinogradScratch;
}

/**
 * OIHW weights → U = G g Gᵀ as [16][in][out_padded] (out channels contiguous, padded with zeros to a multiple of
 * 4·GROUPS), the GEMM's B matrices.
 */
export function packWinogradFilters(conv: ConvParams): Float32Array {
  const padded = Math.ceil(conv.outChannels / (4 * GEMM_GROUPS)) * 4 * GEMM_GROUPS;
  const filters = new Float32Array(POSITIONS * conv.inChannels * padded);
  for (let o = 0; o < conv.outChannels; o++) {
    for (let c = 0; c < conv.inChannels; c++) {
      const g = conv.weight.subarray((o * conv.inChannels + c) * 9, (o * conv.inChannels + c + 1) * 9);
      for (let a = 0; a < 4; a++) {
        for (let b = 0; b < 4; b++) {
          let u = 0;
          for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) u += G[a]![i]! * g[i * 3 + j]! * G[b]![j]!;
          filters[((4 * a + b) * conv.inChannels + c) * padded + o] = u;
        }
      }
    }
  }
  return filters;
}

export function uploadWinograd(context: KernelContext, conv: ConvParams, scratch: WinogradScratch, precision: Precision = 'f32'): GpuWinograd {
  const filters = createStorageBuffer(context.device, `${conv.name}.winograd_filters`, atPrecision(packWinogradFilters(conv), precision));
  context.owned.push(filters);
  return { filters, precision, scratch };
}

/** Tile rows per band so that a band's transformed input and products each fit the scratch; 0 if one row does not. */
export function winogradBandRows(shape: { height: number; width: number }, inChannels: number, outGroups: number, scratchBytes: number): number {
  const tilesX = Math.ceil(shape.width / 2);
  const rowBytes = POSITIONS * 4 * tilesX * Math.max(inChannels, 4 * outGroups);
  return Math.min(Math.ceil(shape.height / 2), Math.floor(scratchBytes / rowBytes));
}

/** What winogradConv needs of a conv layer (a GpuConv with its Winograd filters). */
export interface WinogradLayer {
  readonly name: string;
  readonly inChannels: number;
  readonly outChannels: number;
  readonly outGroups: number;
  readonly bias: GPUBuffer;
  readonly winograd: GpuWinograd;
}

/**
 * A 3x3 convolution (reflection padding, bias, ReLU, optional fused pool or input upsampling, as conv3x3) by
 * Winograd F(2×2, 3×3): per band of tile rows, the input transform, 16 GEMMs and the output transform. 2.25× fewer
 * multiplies than the direct convolution, for 4× the conv's size in scratch (bounded by banding). The caller
 * checks winogradBandRows > 0.
 */
export function winogradConv(
  context: KernelContext,
  conv: WinogradLayer,
  options: ConvOptions,
  shape: { height: number; width: number },
  input: GPUBuffer,
  output: GPUBuffer,
): Promise<Dispatch>[] {
  const { scratch, filters, precision } = conv.winograd;
  const bandRows = winogradBandRows(shape, conv.inChannels, conv.outGroups, scratch.bytes);
  const tilesX = Math.ceil(shape.width / 2);
  const tilesY = Math.ceil(shape.height / 2);
  const [wx, wy] = context.tuning.workgroup;
  const dispatches: Promise<Dispatch>[] = [];
  for (let bandRow = 0; bandRow < tilesY; bandRow += bandRows) {
    const rows = Math.min(bandRows, tilesY - bandRow);
    const band = { tiles_x: tilesX, band_row: bandRow, band_rows: rows };
    const label = (stage: string) => `${conv.name}.winograd_${stage}[rows ${bandRow}]`;
    dispatches.push(
      createDispatch(context, {
        label: label('input'),
        kernel: { name: 'winograd_input', code: winogradInputCode, constants: { WORKGROUP_X: wx, WORKGROUP_Y: wy, UPSAMPLE_INPUT: Number(options.upsampleInput ?? false) } },
        workgroupSize: [wx, wy, 1],
        params: { channels: conv.inChannels, height: shape.height, width: shape.width, ...band },
        buffers: { input, transformed: scratch.transformed },
        threads: [tilesX, rows, conv.inChannels],
      }),
      winogradGemm(context, label('gemm'), { batch: POSITIONS, channels: conv.inChannels, tiles: rows * tilesX, outGroups: conv.outGroups }, scratch.transformed, filters, scratch.products, precision),
      createDispatch(context, {
        label: label('output'),
        kernel: { name: 'winograd_output', code: winogradOutputCode, constants: { WORKGROUP_X: wx, WORKGROUP_Y: wy, RELU: Number(options.relu), POOL: Number(options.pool ?? false) } },
        workgroupSize: [wx, wy, 1],
        params: { height: shape.height, width: shape.width, out_channels: conv.outChannels, out_groups: conv.outGroups, ...band },
        buffers: { products: scratch.products, bias: conv.bias, output },
        threads: [tilesX, rows, Math.ceil(conv.outChannels / 4)],
      }),
    );
  }
  return dispatches;
}

/**
 * The batched GEMM (also the benchmark's plain GEMM): products[b] = transformedᵀ[b] · filters[b], the filters
 * stored at `precision`.
 */
export function winogradGemm(
  context: KernelContext,
  label: string,
  size: { batch: number; channels: number; tiles: number; outGroups: number },
  transformed: GPUBuffer,
  filters: GPUBuffer,
  products: GPUBuffer,
  precision: Precision = 'f32',
): Promise<Dispatch> {
  const workgroup = context.tuning.matchWorkgroup;
  return createDispatch(context, {
    label,
    kernel: { ...kernelAtPrecision('winograd_gemm', winogradGemmCode, 'filters', precision), constants: { WORKGROUP_SIZE: workgroup } },
    workgroupSize: [1, workgroup, 1],
    params: { channels: size.channels, tiles: size.tiles, out_groups: size.outGroups },
    buffers: { transformed, filters, products },
    threads: [size.outGroups / GEMM_GROUPS, Math.ceil(size.tiles / GEMM_PIXELS), size.batch],
  });
}
