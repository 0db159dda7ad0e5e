import winogradGemmCode from '../../shaders/winograd_gemm.wgsl';
import winogradInputCode from '../../shaders/winograd_input.wgsl';
import winogradOutputCode from '../../shaders/winograd_output.wgsl';
import winograd4InputCode from '../../shaders/winograd4_input.wgsl';
import winograd4OutputCode from '../../shaders/winograd4_output.wgsl';
import { createStorageBuffer, createWorkBuffer } from '../gpu/buffers';
import type { Dispatch } from '../gpu/dispatch';
import type { ConvVariant, Precision } from '../api';
import type { ConvOptions, ConvParams } from './convLayer';
import { atPrecision, kernelAtPrecision } from './halfFloat';
import { createDispatch, type KernelContext } from './kernel';
import { wgslConstant } from './wgslConstants';

const GEMM_PIXELS = wgslConstant(winogradGemmCode, 'PIXELS');
const GEMM_GROUPS = wgslConstant(winogradGemmCode, 'GROUPS');

/** The edge of a Winograd output tile: F(2×2, 3×3) or F(4×4, 3×3). */
export type WinogradTile = 2 | 4;

/**
 * One Winograd algorithm (named as its conv variant): its transform patch (tile + 2 a side), G, which turns a 3×3
 * filter into that patch's transform domain (U = G g Gᵀ), the shaders of its input and output transforms, and
 * whether its filters may be stored as half floats. F(4×4) does 4× fewer multiplies than the direct convolution
 * (F(2×2): 2.25×), for larger transform coefficients and so more rounding.
 */
const ALGORITHMS = {
  2: {
    name: 'winograd',
    halfFloatFilters: true,
    G: [
      [1, 0, 0],
      [1 / 2, 1 / 2, 1 / 2],
      [1 / 2, -1 / 2, 1 / 2],
      [0, 0, 1],
    ],
    input: { name: 'winograd_input', code: winogradInputCode },
    output: { name: 'winograd_output', code: winogradOutputCode },
  },
  4: {
    name: 'winograd4',
    // Its output transform multiplies the filters' rounding by up to 8 on each axis: in half floats that measured
    // errors of 1–2% of a conv's outputs, so its filters stay f32 at any precision.
    halfFloatFilters: false,
    G: [
      [1 / 4, 0, 0],
      [-1 / 6, -1 / 6, -1 / 6],
      [-1 / 6, 1 / 6, -1 / 6],
      [1 / 24, 1 / 12, 1 / 6],
      [1 / 24, -1 / 12, 1 / 6],
      [0, 0, 1],
    ],
    input: { name: 'winograd4_input', code: winograd4InputCode },
    output: { name: 'winograd4_output', code: winograd4OutputCode },
  },
} as const satisfies Record<WinogradTile, unknown>;

/** Transform positions of F(tile×tile, 3×3): one (tile + 2)² patch per output tile. */
const positions = (tile: WinogradTile) => (tile + 2) ** 2;

const TILES: readonly WinogradTile[] = [2, 4];

/** The conv variants that run by Winograd, and their tiles. */
export const WINOGRAD_TILES: Readonly<Partial<Record<ConvVariant, WinogradTile>>> = Object.fromEntries(TILES.map((tile) => [ALGORITHMS[tile].name, tile]));

/** Whether `variant` runs by Winograd. */
export const isWinograd = (variant: ConvVariant): boolean => WINOGRAD_TILES[variant] !== undefined;

/** The largest output tile, a multiple of every other: where tiles start for all of them to line up (model/tiling.ts). */
export const LARGEST_WINOGRAD_TILE = Math.max(...TILES);

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
  readonly tile: WinogradTile;
  readonly filters: GPUBuffer;
  /** How the filters are stored. */
  readonly precision: Precision;
  readonly scratch: WinogradScratch;
}

/**
 * OIHW weights → U = G g Gᵀ as [positions][in][out_padded] (out channels contiguous, padded with zeros to a
 * multiple of 4·GROUPS), the GEMM's B matrices.
 */
export function packWinogradFilters(conv: ConvParams, tile: WinogradTile): Float32Array {
  const { G } = ALGORITHMS[tile];
  const side = tile + 2;
  const padded = Math.ceil(conv.outChannels / (4 * GEMM_GROUPS)) * 4 * GEMM_GROUPS;
  const filters = new Float32Array(positions(tile) * conv.inChannels * padded);
  for (let o = 0; o < conv.outChannels; o++) {
    for (let c = 0; c < conv.inChannels; c++) {
      const g = conv.weight.subarray((o * conv.inChannels + c) * 9, (o * conv.inChannels + c + 1) * 9);
      for (let a = 0; a < side; a++) {
        for (let b = 0; b < side; b++) {
          let u = 0;
          for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) u += G[a]![i]! * g[i * 3 + j]! * G[b]![j]!;
          filters[((side * a + b) * conv.inChannels + c) * padded + o] = u;
        }
      }
    }
  }
  return filters;
}

/** Uploads the filters, stored at `precision` where the algorithm allows half floats, else f32. */
export function uploadWinograd(
  context: KernelContext,
  conv: ConvParams,
  tile: WinogradTile,
  scratch: WinogradScratch,
  precision: Precision = 'f32',
): GpuWinograd {
  const stored = ALGORITHMS[tile].halfFloatFilters ? precision : 'f32';
  const filters = createStorageBuffer(context.device, `${conv.name}.${ALGORITHMS[tile].name}_filters`, atPrecision(packWinogradFilters(conv, tile), stored));
  context.owned.push(filters);
  return { tile, filters, precision: stored, scratch };
}

/** Tile rows per band so that a band's transformed input and products each fit the scratch; 0 if one row does not. */
export function winogradBandRows(
  shape: { height: number; width: number },
  inChannels: number,
  outGroups: number,
  scratchBytes: number,
  tile: WinogradTile,
): number {
  const tilesX = Math.ceil(shape.width / tile);
  const rowBytes = positions(tile) * 4 * tilesX * Math.max(inChannels, 4 * outGroups);
  return Math.min(Math.ceil(shape.height / tile), Math.floor(scratchBytes / rowBytes));
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
 * Winograd F(t×t, 3×3): per band of tile rows, the input transform, (t + 2)² GEMMs and the output transform. 2.25×
 * (t = 2) or 4× (t = 4) fewer multiplies than the direct convolution, for 4× or 2.25× the conv's size in scratch
 * (bounded by banding). The caller checks winogradBandRows > 0.
 */
export function winogradConv(
  context: KernelContext,
  conv: WinogradLayer,
  options: ConvOptions,
  shape: { height: number; width: number },
  input: GPUBuffer,
  output: GPUBuffer,
): Promise<Dispatch>[] {
  const { tile, scratch, filters, precision } = conv.winograd;
  const { name, input: inputKernel, output: outputKernel } = ALGORITHMS[tile];
  const bandRows = winogradBandRows(shape, conv.inChannels, conv.outGroups, scratch.bytes, tile);
  const tilesX = Math.ceil(shape.width / tile);
  const tilesY = Math.ceil(shape.height / tile);
  const [wx, wy] = context.launch.workgroup;
  const dispatches: Promise<Dispatch>[] = [];
  for (let bandRow = 0; bandRow < tilesY; bandRow += bandRows) {
    const rows = Math.min(bandRows, tilesY - bandRow);
    const band = { tiles_x: tilesX, band_row: bandRow, band_rows: rows };
    const label = (stage: string) => `${conv.name}.${name}_${stage}[rows ${bandRow}]`;
    dispatches.push(
      createDispatch(context, {
        label: label('input'),
        kernel: { ...inputKernel, constants: { WORKGROUP_X: wx, WORKGROUP_Y: wy, UPSAMPLE_INPUT: Number(options.upsampleInput ?? false) } },
        workgroupSize: [wx, wy, 1],
        params: { channels: conv.inChannels, height: shape.height, width: shape.width, ...band },
        buffers: { input, transformed: scratch.transformed },
        threads: [tilesX, rows, conv.inChannels],
      }),
      winogradGemm(
        context,
        label('gemm'),
        { batch: positions(tile), channels: conv.inChannels, tiles: rows * tilesX, outGroups: conv.outGroups },
        scratch.transformed,
        filters,
        scratch.products,
        precision,
      ),
      createDispatch(context, {
        label: label('output'),
        kernel: { ...outputKernel, constants: { WORKGROUP_X: wx, WORKGROUP_Y: wy, RELU: Number(options.relu), POOL: Number(options.pool ?? false) } },
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
  const workgroup = context.launch.matchWorkgroup;
  return createDispatch(context, {
    label,
    kernel: { ...kernelAtPrecision('winograd_gemm', winogradGemmCode, 'filters', precision), constants: { WORKGROUP_SIZE: workgroup } },
    workgroupSize: [1, workgroup, 1],
    params: { channels: size.channels, tiles: size.tiles, out_groups: size.outGroups },
    buffers: { transformed, filters, products },
    threads: [size.outGroups / GEMM_GROUPS, Math.ceil(size.tiles / GEMM_PIXELS), size.batch],
  });
}
