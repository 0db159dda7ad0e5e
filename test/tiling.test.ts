// The tile grid (model/tiling.ts), checked exhaustively over small maps: every core pixel belongs to exactly one
// tile, each crop holds its core plus the halo (or reaches the map's edge), starts on the stride grid and on a
// multiple of 4 feature pixels, and all crops share one size.
import { describe, expect, it } from 'vitest';
import { tileGrid, tileHalo } from '../src/model/tiling';

describe('tileGrid', () => {
  it('covers the map once with cores, each inside a crop with the full halo or the true edge, on the stride grid', () => {
    let grids = 0;
    for (const [height, width] of [
      [1, 1],
      [5, 3],
      [37, 64],
      [83, 61],
      [200, 9],
    ] as const) {
      for (const core of [1, 4, 16, 31]) {
        for (const [patchSize, stride] of [
          [1, 1],
          [3, 1],
          [3, 2],
          [5, 2],
          [5, 3],
          [5, 5],
        ] as const) {
          const { tiles, crop } = tileGrid({ height, width }, core, patchSize, stride);
          const halo = tileHalo(patchSize);
          const owner = new Int32Array(height * width).fill(-1);
          tiles.forEach((t, i) => {
            for (let y = t.core.y.start; y < t.core.y.end; y++) {
              for (let x = t.core.x.start; x < t.core.x.end; x++) {
                expect(owner[y * width + x], `pixel (${x}, ${y}) in two cores`).toBe(-1);
                owner[y * width + x] = i;
              }
            }
            for (const [axis, length] of [
              ['x', width],
              ['y', height],
            ] as const) {
              const [c, k] = [t.crop[axis], t.core[axis]];
              expect(c.end - c.start).toBe(axis === 'x' ? crop.width : crop.height);
              expect(c.start === 0 || c.start <= k.start - halo, `halo before the core along ${axis}`).toBe(true);
              expect(c.end === length || c.end >= k.end + halo, `halo after the core along ${axis}`).toBe(true);
              expect(c.start % stride, 'on the stride grid').toBe(0);
              expect(c.start % 4, 'on a multiple of 4 feature pixels (Winograd tiles line up)').toBe(0);
              expect(c.start >= 0 && c.end <= length).toBe(true);
            }
          });
          expect(owner.every((o) => o >= 0)).toBe(true);
          grids++;
        }
      }
    }
    expect(grids).toBe(120);
  });

  it('is one tile when a crop would span the map, and splits a long map into cores of the size asked', () => {
    expect(tileGrid({ height: 30, width: 32 }, 16, 3, 1).tiles).toHaveLength(1); // 16 + 2 × 8 ≥ 32
    const { tiles, crop } = tileGrid({ height: 16, width: 300 }, 60, 3, 1);
    expect(tiles.map((t) => t.core.x)).toEqual([0, 60, 120, 180, 240].map((start) => ({ start, end: start + 60 })));
    expect(crop).toEqual({ height: 16, width: 60 + 2 * tileHalo(3) });
  });
});
