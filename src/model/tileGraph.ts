import type { ScratchArena } from '../gpu/arena';
import type { Plan } from '../gpu/planCache';
import type { Stage } from '../gpu/run';
import { strength } from '../kernels/strength';
import type { SwapGeometry } from '../kernels/swapGeometry';
import type { DecoderGraph } from './decoder';
import { FEATURE_CHANNELS, type EncoderGraph } from './encoder';
import type { PlanBuilder } from './plan';
import { matchedMaps, type MatchedMaps } from './stylizeGraph';
import { swapDispatches } from './swapStage';

/**
 * Everything one tile's crop goes through once its RGB is in `maps.rgb` (and its alpha in `maps.alpha`): encode,
 * match band by band, average, blend by the strength, decode. The unclamped RGB of the whole crop is left in the
 * small scratch, for the tile's own tensor_to_image to write out its core. One plan serves every tile of a call:
 * they share the crop size (model/tiling.ts); what differs per tile (the window of the image it converts, where its
 * core goes) lives in the tile's own dispatches.
 */
export interface TilePlan extends Plan {
  readonly maps: MatchedMaps;
  readonly stages: readonly Stage[];
}

export function buildTilePlan(
  b: PlanBuilder,
  g: {
    readonly encoder: EncoderGraph;
    readonly decoder: DecoderGraph;
    readonly arena: ScratchArena;
    /** The crop in image pixels (4 per feature pixel). */
    readonly crop: { readonly height: number; readonly width: number };
    readonly geometry: SwapGeometry;
    readonly style: { readonly features: GPUBuffer; readonly norms: GPUBuffer; readonly weightedStyle: GPUBuffer };
  },
): Promise<TilePlan> {
  const features = g.geometry.content;
  const maps = matchedMaps(b, g.crop, features);
  const mixed = g.arena.get('large');
  const swap = swapDispatches(b, g.geometry, { ...g.style, content: maps.contentFeatures, style: g.style.features, gram: g.arena.get('gram'), swapped: maps.swapped });
  const parts = Promise.all([
    Promise.all(g.encoder.convs(b.context, g.crop, maps.rgb, g.arena, maps.contentFeatures)),
    swap.match,
    swap.average,
    strength(b.context, { channels: FEATURE_CHANNELS, height: features.height, width: features.width }, { controls: maps.controls, content: maps.contentFeatures, swapped: maps.swapped, mixed }),
    Promise.all(g.decoder.convs(b.context, mixed, features, g.arena)),
  ]).then(([encode, matchSteps, average, blend, decode]) => ({
    maps,
    stages: [
      { name: 'encode content', dispatches: encode },
      ...matchSteps.map((dispatches) => ({ name: 'match', dispatches })),
      { name: 'average', dispatches: [average] },
      { name: 'decode', dispatches: [blend, ...decode] },
    ],
  }));
  return b.build(parts);
}
