// Whether a stylization runs in one pass or in tiles, and how large the tiles are: from the device's binding limit
// and the call's memory budget, never from the content's size (which only sets how many tiles there are).
import type { MatchMode } from '../api';
import { StyleSwapError } from '../errors';
import { APPROXIMATE_BYTES_PER_PIXEL } from '../kernels/approximateMatch';
import { styleWindowsBytes } from '../kernels/patchCorrelation';
import { matchRoute, type MatchRoute } from '../model/swapStage';
import type { Shape } from '../kernels/shape';
import { formatBytes } from '../gpu/buffers';
import type { LaunchSettings } from '../kernels/launchSettings';
import { decoderScratch } from '../model/decoder';
import { encoderScratch, FEATURE_CHANNELS, featureSize } from '../model/encoder';
import { tileAlignment, tileGrid, tileHalo, type TileGrid } from '../model/tiling';
import { paddedSize } from './options';

/**
 * GPU bytes per feature pixel (4×4 image pixels) of a content or of a tile's crop: `large`, the biggest single
 * buffer (the scratch the convolutions ping-pong through), and `total`: both scratches, the kept maps (RGB, alpha,
 * content and swapped features), the output pixels and the match's per-window bests (an upper bound); an
 * approximate match adds the projected content and the candidate lists.
 */
export function bytesPerFeaturePixel(route: MatchRoute = 'gram'): { large: number; total: number } {
  const [encoder, decoder] = [encoderScratch(4, 4), decoderScratch(1, 1)];
  const large = Math.max(encoder.large, decoder.large);
  const small = Math.max(encoder.small, decoder.small);
  const maps = 4 * 16 * (3 + 1) + 2 * 4 * FEATURE_CHANNELS;
  const outputAndMatch = 4 * 16 + 64 + (route === 'approximate' ? APPROXIMATE_BYTES_PER_PIXEL : 0);
  return { large, total: large + small + maps + outputAndMatch };
}

export interface TilingRequest {
  readonly features: { readonly height: number; readonly width: number };
  readonly patchSize: number;
  readonly patchStride: number;
  readonly match?: MatchMode;
  /** Image pixels of a tile's core (forces tiling), or undefined to decide from the budget. */
  readonly tileSize?: number;
  readonly memoryBudget: number;
  /** Bytes the budget already holds: the weights and the styles' features (and their weighted copies). */
  readonly reserved: number;
}

/**
 * The tiles to stylize in, or null for one pass: one pass when the whole content fits the budget and its largest
 * buffer fits a binding; else square crops as large as both allow. The Gram band and the upload strip come on top
 * of the per-pixel bytes (their launch settings cap them).
 */
export function tilingFor(request: TilingRequest, limits: GPUSupportedLimits, launch: LaunchSettings): TileGrid | null {
  const { features, patchSize, patchStride } = request;
  const perPixel = bytesPerFeaturePixel(matchRoute({ patchSize, stride: patchStride }, request.match ?? 'exact'));
  const binding = Math.min(limits.maxStorageBufferBindingSize, limits.maxBufferSize);
  const forPixels = request.memoryBudget - request.reserved - launch.gramBudget - launch.stripBytes;
  if (request.tileSize !== undefined) {
    const grid = tileGrid(features, Math.ceil(request.tileSize / 4), patchSize, patchStride);
    const largest = perPixel.large * grid.crop.height * grid.crop.width;
    if (largest > binding) {
      throw new StyleSwapError(
        'too-large',
        `tileSize ${request.tileSize} makes crops of ${4 * grid.crop.width}×${4 * grid.crop.height} pixels, whose scratch (${formatBytes(largest)}) exceeds this device's ${formatBytes(binding)} per buffer; use a smaller tileSize`,
      );
    }
    return grid;
  }
  const pixels = features.height * features.width;
  if (perPixel.total * pixels <= forPixels && perPixel.large * pixels <= binding) return null;
  const side = Math.floor(Math.min(Math.sqrt(forPixels / perPixel.total), Math.sqrt(binding / perPixel.large)));
  // tileGrid rounds the core and the halo up to the alignment and may widen the crop by up to grid − 1 so that the
  // last one ends on the edge: leave room for both roundings of the core's size.
  const grid = tileAlignment(patchStride);
  const halo = Math.ceil(tileHalo(patchSize) / grid) * grid;
  const core = side - 2 * halo - 2 * (grid - 1);
  if (!(core >= grid)) {
    const needed = perPixel.total * (2 * halo + 3 * grid - 2) ** 2 + request.reserved + launch.gramBudget + launch.stripBytes;
    throw new StyleSwapError(
      'too-large',
      `memoryBudget ${formatBytes(request.memoryBudget)} leaves no room for even the smallest tile with ${patchSize}×${patchSize} patches; allow at least ${formatBytes(needed)}`,
    );
  }
  return tileGrid(features, core, patchSize, patchStride);
}

/** tilingFor a scaled content and its prepared styles on this state's device. */
export function contentTiling(
  state: { readonly device: GPUDevice; readonly launch: LaunchSettings; readonly weightBytes: number },
  scaled: { width: number; height: number },
  styles: readonly { readonly style: { readonly buffer: GPUBuffer; readonly features: Shape } }[],
  swap: { readonly patchSize: number; readonly patchStride: number; readonly match?: MatchMode },
  tiling: { readonly memoryBudget: number; readonly tileSize?: number },
): TileGrid | null {
  const padded = paddedSize(scaled);
  // Each style's features and weighted copy; an approximate match also keeps the style projected (a quarter of
  // them), an exact one of strided patches the patch vectors.
  const route = matchRoute({ patchSize: swap.patchSize, stride: swap.patchStride }, swap.match ?? 'exact');
  const inputs = (s: { buffer: GPUBuffer; features: Shape }) =>
    route === 'approximate'
      ? 1.25 * s.buffer.size
      : route === 'patch correlation'
        ? s.buffer.size + styleWindowsBytes(s.features, swap.patchSize, swap.patchStride)
        : s.buffer.size;
  const reserved = state.weightBytes + styles.reduce((sum, s) => sum + s.style.buffer.size + inputs(s.style), 0);
  return tilingFor({ features: featureSize(padded.height, padded.width), ...swap, ...tiling, reserved }, state.device.limits, state.launch);
}

/** The error of a call that keeps the whole content in GPU memory, for a content too large for that. */
export function tooLargeForOnePass(scaled: { width: number; height: number }, what: string, instead: string): StyleSwapError {
  return new StyleSwapError(
    'too-large',
    `a ${scaled.width}×${scaled.height} content goes in tiles here (one pass would need more GPU memory than it may use, or tileSize asks for tiles), and ${what} is not tiled yet: ${instead}`,
  );
}
