import type { ScratchArena } from '../gpu/arena';
import type { Plan } from '../gpu/planCache';
import type { Stage } from '../gpu/run';
import { strength } from '../kernels/strength';
import type { DecoderGraph } from './decoder';
import { FEATURE_CHANNELS, type EncoderGraph } from './encoder';
import type { PlanBuilder } from './plan';
import { matchedMaps, mixStages, type MatchedMaps, type MixStages, type MixStyle } from './stylizeGraph';
import { swapDispatches } from './swapStage';

/**
 * Everything one tile's crop goes through once its RGB is in `maps.rgb` (and its alpha in `maps.alpha`): encode,
 * match band by band, average (or mix several styles, each mask first converted into `masks[i].rgb` and pooled by
 * `masks[i].pool`), blend by the strength, decode. The unclamped RGB of the whole crop is left in the small scratch,
 * for the tile's own tensor_to_image to write out its core. One plan serves every tile of a call: they share the
 * crop size (model/tiling.ts); what differs per tile (the window of each image it converts, where its core goes)
 * lives in the tile's own dispatches.
 */
export interface TilePlan extends Plan {
  readonly maps: MatchedMaps;
  readonly stages: readonly Stage[];
  readonly masks: MixStages['masks'];
}

export function buildTilePlan(
  b: PlanBuilder,
  g: {
    readonly encoder: EncoderGraph;
    readonly decoder: DecoderGraph;
    readonly arena: ScratchArena;
    /** The crop in image pixels (4 per feature pixel). */
    readonly crop: { readonly height: number; readonly width: number };
    /** One style (weight 1, no mask: the plain swap) or a mix. */
    readonly styles: readonly MixStyle[];
  },
): Promise<TilePlan> {
  const features = g.styles[0]!.geometry.content;
  const maps = matchedMaps(b, g.crop, features);
  const mixed = g.arena.get('large');
  const parts = Promise.all([
    Promise.all(g.encoder.convs(b.context, g.crop, maps.rgb, g.arena, maps.contentFeatures)),
    swapOrMix(b, g, maps),
    strength(
      b.context,
      { channels: FEATURE_CHANNELS, height: features.height, width: features.width },
      { controls: maps.controls, content: maps.contentFeatures, swapped: maps.swapped, mixed },
    ),
    Promise.all(g.decoder.convs(b.context, mixed, features, g.arena)),
  ]).then(([encode, swap, blend, decode]) => ({
    maps,
    masks: swap.masks,
    stages: [{ name: 'encode content', dispatches: encode }, ...swap.stages, { name: 'decode', dispatches: [blend, ...decode] }],
  }));
  return b.build(parts);
}

async function swapOrMix(
  b: PlanBuilder,
  g: { readonly arena: ScratchArena; readonly crop: { height: number; width: number }; readonly styles: readonly MixStyle[] },
  maps: MatchedMaps,
): Promise<MixStages> {
  const [only] = g.styles;
  if (g.styles.length > 1 || only!.masked) return mixStages(b, { arena: g.arena, tensor: g.crop, features: only!.geometry.content, maps, styles: g.styles });
  const swap = swapDispatches(b, only!.geometry, only!.style.route, {
    ...only!.style,
    content: maps.contentFeatures,
    style: only!.style.features,
    gram: g.arena.get('gram'),
    swapped: maps.swapped,
  });
  const [matchSteps, average] = await Promise.all([swap.match, swap.average]);
  return { stages: [...matchSteps.map((dispatches) => ({ name: 'match', dispatches })), { name: 'average', dispatches: [average] }], masks: [] };
}
