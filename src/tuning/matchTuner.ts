import type { GramChoice, GramVariant, MatchChoice } from '../api';
import { createStorageBuffer, createWorkBuffer } from '../gpu/buffers';
import type { KernelContext } from '../kernels/kernel';
import { gramDispatch, match, matchBands, matchSplits, paddedStylePixels, subgroupGramApplies } from '../kernels/match';
import { swapGeometry } from '../kernels/swapGeometry';
import type { LaunchSettings } from '../kernels/launchSettings';
import { GRAM_VARIANTS, WINDOW_MATCH_VARIANTS } from './record';
import { madeUpValues, timeDispatches } from './timing';

/**
 * Times a whole match (Gram bands, window scores, reduction) of `side`² content and style features, 256 channels,
 * 3×3 patches, with each window-score layout, and picks the fastest. Both give the same argmax, so a near tie can
 * go either way without changing a result. A layout that fails on this adapter is left out, with a warning.
 */
export function measureMatchChoice(device: GPUDevice, launch: LaunchSettings, side: number): Promise<MatchChoice> {
  return fastestOf(WINDOW_MATCH_VARIANTS, 'window match', (variant) => timeMatch(device, { ...launch, windowMatch: variant }, side));
}

/**
 * Times each of `variants` (kernels that give the same result, so only the speed decides) and keeps the fastest,
 * the first one if none ran. A variant that fails on this adapter is left out, with a warning naming `what`.
 */
async function fastestOf<V extends string>(
  variants: readonly V[],
  what: string,
  time: (variant: V) => Promise<number>,
): Promise<{ variant: V; ms: Partial<Record<V, number>> }> {
  const ms: Partial<Record<V, number>> = {};
  for (const variant of variants) {
    try {
      ms[variant] = await time(variant);
    } catch (error) {
      console.warn(`webgpu-style-swap: the ${variant} ${what} failed on this adapter and is not used: ${(error as Error).message}`);
    }
  }
  const [fastest] = (Object.entries(ms) as [V, number][]).sort((a, b) => a[1] - b[1])[0] ?? [variants[0]!];
  return { variant: fastest, ms };
}

async function timeMatch(device: GPUDevice, launch: LaunchSettings, side: number): Promise<number> {
  const k: KernelContext = { device, launch, owned: [] };
  try {
    const shape = { channels: 256, height: side, width: side };
    const g = swapGeometry(shape, shape, 3, 1);
    const { bands, gramBytes } = matchBands(g, launch.gramBudget);
    const splits = matchSplits(g, bands[0]!.windows, launch);
    const buffer = (bytes: number) => createWorkBuffer(device, 'tuning.match', bytes);
    const features = createStorageBuffer(device, 'tuning.features', madeUpValues(256 * paddedStylePixels(g)));
    const buffers = {
      content: features,
      weightedStyle: features,
      norms: createStorageBuffer(
        device,
        'tuning.norms',
        madeUpValues(g.styleWindows).map((v) => v + 2),
      ),
      gram: buffer(gramBytes),
      partialScores: buffer(4 * splits.partials * g.contentWindows),
      partialIndices: buffer(4 * splits.partials * g.contentWindows),
      bestScore: buffer(4 * g.contentWindows),
      argmax: buffer(4 * g.contentWindows),
    };
    k.owned.push(...Object.values(buffers));
    const steps = await Promise.all(match(k, g, bands, splits, buffers));
    return await timeDispatches(device, `${launch.windowMatch} window match`, steps.flat());
  } finally {
    k.owned.forEach((buffer) => buffer.destroy());
  }
}

/** The Gram variants this device runs: the subgroup one only with the subgroups feature, at sizes it supports. */
export function deviceGramVariants(device: GPUDevice): GramVariant[] {
  return GRAM_VARIANTS.filter((variant) => variant !== 'subgroup' || subgroupGramApplies(device));
}

/**
 * Times the Gram GEMM of a match of `side`² content and style features (256 channels, one band as large as the
 * budget allows) with each variant this device runs, and picks the fastest: all give the same result, bit for bit,
 * so a near tie can go either way. A variant that fails on this adapter is left out, with a warning.
 */
export function measureGramChoice(device: GPUDevice, launch: LaunchSettings, side: number): Promise<GramChoice> {
  return fastestOf(deviceGramVariants(device), 'Gram GEMM', (variant) => timeGram(device, { ...launch, gram: variant }, side));
}

async function timeGram(device: GPUDevice, launch: LaunchSettings, side: number): Promise<number> {
  const k: KernelContext = { device, launch, owned: [] };
  try {
    const shape = { channels: 256, height: side, width: side };
    const g = swapGeometry(shape, shape, 3, 1);
    const { bands, gramBytes } = matchBands(g, launch.gramBudget);
    const styleGroups = paddedStylePixels(g) / 4;
    const features = createStorageBuffer(device, 'tuning.features', madeUpValues(256 * 4 * styleGroups));
    const gram = createWorkBuffer(device, 'tuning.gram', gramBytes);
    k.owned.push(features, gram);
    const pixels = bands[0]!.rows * side;
    const operand = { channels: 256, channelStride: 4 * styleGroups, pixelStride: 1, first: 0, pixels, styleGroups };
    const dispatch = await gramDispatch(k, `tuning ${launch.gram} gram`, operand, { content: features, weightedStyle: features, gram });
    return await timeDispatches(device, `${launch.gram} Gram GEMM`, [dispatch]);
  } finally {
    k.owned.forEach((buffer) => buffer.destroy());
  }
}
