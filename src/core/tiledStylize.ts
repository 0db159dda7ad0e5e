// stylize, tile by tile (model/tiling.ts): for each tile, its window of the image is converted from the source rows
// it needs, run through the one tile plan (encode, match, average, strength, decode), and its core written out:
// into its region of the target texture, or read back into its rows of the result. GPU memory is one tile's,
// whatever the content's size; an abort stops between tiles, and progress counts them.
import type { StageTimes } from '../api';
import { alignTo, stageReadback } from '../gpu/buffers';
import { writeControls } from '../model/controls';
import { swapGeometry } from '../kernels/swapGeometry';
import { tensorToImage } from '../kernels/tensorToImage';
import { decoderScratch } from '../model/decoder';
import { encoderScratch, FEATURE_CHANNELS } from '../model/encoder';
import { imageInputPlan } from '../model/imageInput';
import { PlanBuilder } from '../model/plan';
import { gramScratch, matchRoute } from '../model/swapStage';
import type { ImageInputLayout } from '../kernels/imageToTensor';
import type { MixStyle } from '../model/stylizeGraph';
import { buildTilePlan, type TilePlan } from '../model/tileGraph';
import type { Tile, TileGrid } from '../model/tiling';
import { inputLayout, run, type CallRun } from './callRun';
import type { GpuState } from './gpuState';
import type { ImageSource } from './imageSource';
import { paddedSize, swapOptionsKey } from './options';
import { styleMatchBuffers, type MatchStyle, type StylizeCallOptions } from './stylizeCalls';
import { isBgraFormat } from './textureFormats';
import { throwIfAborted } from '../gpu/run';

/** Content + one style, or a mix with masks → the stylized image of the scaled content's size, over `options.grid`. */
export async function tiledStylizeCall(
  state: GpuState,
  source: ImageSource,
  styles: readonly MatchStyle[],
  options: StylizeCallOptions & { readonly grid: TileGrid },
  how: CallRun,
) {
  const { scaled, grid } = options;
  const padded = paddedSize(scaled);
  const input = inputLayout(source, scaled, padded);
  const crop = { height: 4 * grid.crop.height, width: 4 * grid.crop.width };
  const geometries = styles.map((s) => swapGeometry({ channels: FEATURE_CHANNELS, ...grid.crop }, s.style.features, options.patchSize, options.patchStride));
  const scratch = [encoderScratch(crop.height, crop.width), decoderScratch(grid.crop.height, grid.crop.width)];
  state.ensureScratch(
    {
      large: Math.max(...scratch.map((s) => s.large)),
      small: Math.max(...scratch.map((s) => s.small)),
      gram: Math.max(...geometries.map((g) => gramScratch(g, state.launch.gramBudget, matchRoute(g, options.match)))),
    },
    `${crop.width}×${crop.height} tiles of a ${scaled.width}×${scaled.height} content`,
  );
  const mix: MixStyle[] = [];
  for (const [i, s] of styles.entries()) {
    const inputs = await styleMatchBuffers(state, s.style, options, geometries[i]!);
    mix.push({ geometry: geometries[i]!, style: { features: s.style.buffer, ...inputs }, weight: s.weight, masked: s.mask !== undefined });
  }
  const build = () =>
    buildTilePlan(new PlanBuilder(state.device, state.launch), { encoder: state.encoder, decoder: state.decoder, arena: state.arena, crop, styles: mix });
  // One style: the plan is cached in its PreparedStyle (video frames); a mix's is made for this call.
  const single = styles.length === 1 && !styles[0]!.mask;
  const key = `tile:${crop.width}x${crop.height}:${swapOptionsKey(options)}`;
  const plan = single ? await styles[0]!.style.plans.get(key, build) : await build();
  try {
    return await runTiles(state, source, styles, { ...options, input, crop, plan }, how);
  } finally {
    if (!single) plan.destroy(); // after the submits: WebGPU frees the buffers once the GPU is done with them
  }
}

/** Each tile in turn: its windows of the content (and masks) in, the plan's stages, its core out. */
async function runTiles(
  state: GpuState,
  source: ImageSource,
  styles: readonly MatchStyle[],
  options: StylizeCallOptions & {
    readonly grid: TileGrid;
    readonly input: ImageInputLayout;
    readonly crop: { height: number; width: number };
    readonly plan: TilePlan;
  },
  how: CallRun,
) {
  const { scaled, target, grid, input, crop, plan } = options;
  const maskLayouts = styles.flatMap((s) => (s.mask ? [{ source: s.mask, layout: inputLayout(s.mask, scaled, input.padded) }] : []));
  writeControls(state.device, plan.maps, options.controls);

  const data = target ? undefined : new Uint8ClampedArray(4 * scaled.width * scaled.height);
  const times: StageTimes = {};
  const control = { signal: how.control.signal }; // progress counts tiles, not each tile's stages
  for (const [i, tile] of grid.tiles.entries()) {
    throwIfAborted(how.control.signal, 'stylize');
    const core = corePixels(tile, scaled);
    const rowPixels = target ? alignTo(4 * core.width, 256) / 4 : core.width;
    const b = new PlanBuilder(state.device, state.launch);
    try {
      const origin = { x: 4 * tile.crop.x.start, y: 4 * tile.crop.y.start };
      const layout = { ...input, padded: crop, origin };
      const tileInput = await imageInputPlan(b, state.encoder, plan.maps.rgb, layout, 'tile', plan.maps.alpha);
      const masks = await Promise.all(
        maskLayouts.map(async (m, j) => ({
          source: m.source,
          input: await imageInputPlan(b, state.encoder, plan.masks[j]!.rgb, { ...m.layout, padded: crop, origin }, 'tile mask'),
          then: plan.masks[j]!.pool,
        })),
      );
      const out = b.buffer('tile.output', 4 * rowPixels * core.height);
      const output = {
        tensor: crop,
        output: core,
        rowPixels,
        bgra: target !== undefined && isBgraFormat(target.format),
        origin: { x: core.x - origin.x, y: core.y - origin.y },
      };
      const write = await tensorToImage(b.context, 'tile.tensor_to_image', output, state.arena.get('small'), out, {
        alpha: plan.maps.alpha,
        color: { content: plan.maps.rgb, controls: plan.maps.controls },
      });
      const ran = await run(
        state,
        { mode: how.mode, control },
        {
          label: `stylize (tile ${i + 1} of ${grid.tiles.length})`,
          images: [...masks, { source, input: tileInput }],
          stages: [...plan.stages, { name: 'decode', dispatches: [write] }],
          finish: (encoder) => {
            if (!target) return stageReadback(state.device, encoder, out, 4 * core.width * core.height);
            encoder.copyBufferToTexture({ buffer: out, bytesPerRow: 4 * rowPixels }, { texture: target, origin: { x: core.x, y: core.y } }, core);
            return null;
          },
        },
      );
      for (const [stage, ms] of Object.entries(ran.times)) times[stage] = (times[stage] ?? 0) + ms;
      if (ran.result && data) copyRows(new Uint8ClampedArray(await ran.result.read()), core, data, scaled.width);
      else if (how.control.onStep) await state.device.queue.onSubmittedWorkDone();
      how.control.onStep?.('tile', i + 1, grid.tiles.length);
    } finally {
      b.destroy(); // after the submit: WebGPU frees the tile's buffers once the GPU is done with them
    }
  }
  return { width: scaled.width, height: scaled.height, data, times };
}

/** A tile's core in output pixels: four per feature pixel, cut at the image's edge (the padding is not output). */
function corePixels(tile: Tile, scaled: { width: number; height: number }) {
  const [x, y] = [4 * tile.core.x.start, 4 * tile.core.y.start];
  return { x, y, width: Math.min(scaled.width, 4 * tile.core.x.end) - x, height: Math.min(scaled.height, 4 * tile.core.y.end) - y };
}

function copyRows(pixels: Uint8ClampedArray, core: { x: number; y: number; width: number; height: number }, into: Uint8ClampedArray, width: number): void {
  for (let row = 0; row < core.height; row++)
    into.set(pixels.subarray(4 * row * core.width, 4 * (row + 1) * core.width), 4 * ((core.y + row) * width + core.x));
}
