// How a content too large for one pass is cut into tiles that give exactly the untiled result. Everything here is
// in relu3_1 feature pixels (4 image pixels each). A tile is a core, whose output it keeps, inside a crop that it
// encodes, matches and decodes: the crop's cut edges are reflection-padded like true borders, which is wrong, and
// the halo between core and crop holds everything that error can reach.
//
// How far it reaches, counted layer by layer (a crop always starts and ends on a feature pixel, so every pooling
// lines up with the untiled one):
// - encoder: conv1_1 and conv1_2 spoil 2 image pixels, pool1 1 half pixel, conv2_1 and conv2_2 3, pool2 2 feature
//   pixels, conv3_1 3: ENCODER_MARGIN;
// - swap: a swapped feature is the mean of the k×k windows over it, each matched on its own k×k features: k − 1;
// - decoder: conv3_1' spoils 1 feature pixel, then through both ×2 upsamplings and four convs 10 image pixels in
//   all, i.e. 2.5 features: DECODER_MARGIN.
// Crops start on the stride grid, so each tile's windows are windows of the untiled image, and on feature pixels
// that are multiples of 4, so that a Winograd conv's output tiles (2×2 or 4×4, kernels/winograd.ts) fall where they
// fall untiled at every resolution: a pixel is then computed by the same arithmetic, and the result is the untiled
// one to the bit.

import { LARGEST_WINOGRAD_TILE } from '../kernels/winograd';

export const ENCODER_MARGIN = 3;
export const DECODER_MARGIN = 3;

/** [start, end) along one axis, in feature pixels. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/** One tile: the features whose output it keeps (core) and the features it computes to do so (crop). */
export interface Tile {
  readonly core: { readonly x: Span; readonly y: Span };
  readonly crop: { readonly x: Span; readonly y: Span };
}

/** Feature pixels of halo each side of a core: what the encoder, the swap and the decoder spoil at a cut edge. */
export function tileHalo(patchSize: number): number {
  return ENCODER_MARGIN + (patchSize - 1) + DECODER_MARGIN;
}

/** The tiles of a map of `features`, row by row, and the one crop size they all share (so one plan serves them). */
export interface TileGrid {
  readonly tiles: readonly Tile[];
  readonly crop: { readonly height: number; readonly width: number };
}

/** The grid crops start on, in feature pixels: multiples of both the stride and the largest Winograd tile. */
export function tileAlignment(stride: number): number {
  const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));
  return (stride * LARGEST_WINOGRAD_TILE) / gcd(stride, LARGEST_WINOGRAD_TILE);
}

/**
 * Tiles with cores of about `core` × `core` features. Cores and halo are rounded up to multiples of the alignment
 * and every crop has the same size, chosen so that the last crop ends on the map's edge and every crop starts on
 * the alignment grid. An axis whose crop would span it all is one tile.
 */
export function tileGrid(features: { readonly height: number; readonly width: number }, core: number, patchSize: number, stride: number): TileGrid {
  const grid = tileAlignment(stride);
  const roundUp = (n: number) => Math.ceil(n / grid) * grid;
  const [coreSize, halo] = [roundUp(Math.max(1, core)), roundUp(tileHalo(patchSize))];
  const rows = axisTiles(features.height, coreSize, halo, grid);
  const cols = axisTiles(features.width, coreSize, halo, grid);
  return {
    tiles: rows.spans.flatMap((y) => cols.spans.map((x) => ({ core: { x: x.core, y: y.core }, crop: { x: x.crop, y: y.crop } }))),
    crop: { height: rows.size, width: cols.size },
  };
}

function axisTiles(length: number, core: number, halo: number, grid: number): { size: number; spans: { core: Span; crop: Span }[] } {
  const wanted = core + 2 * halo;
  if (wanted >= length) return { size: length, spans: [{ core: { start: 0, end: length }, crop: { start: 0, end: length } }] };
  const size = wanted + ((length - wanted) % grid); // so that the last crop, [length − size, length), starts on the grid
  const spans: { core: Span; crop: Span }[] = [];
  for (let start = 0; start < length; start += core) {
    const cropStart = Math.min(Math.max(0, start - halo), length - size);
    spans.push({ core: { start, end: Math.min(length, start + core) }, crop: { start: cropStart, end: cropStart + size } });
  }
  return { size, spans };
}
