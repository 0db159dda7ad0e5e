import type { Precision } from '../api';
import { createStorageBuffer, createWorkBuffer } from '../gpu/buffers';
import { conv3x3, effectiveVariant, uploadConv } from '../kernels/conv3x3';
import type { ConvOptions, ConvParams } from '../kernels/convLayer';
import type { KernelContext } from '../kernels/kernel';
import type { LaunchSettings } from '../kernels/launchSettings';
import { createWinogradScratch, isWinograd } from '../kernels/winograd';
import { CONV_VARIANTS, convShapeClass, type ConvChoice, type ConvVariant } from './record';
import { madeUpValues, timeDispatches } from './timing';

/** A convolution to tune: its weights (for their shape only), how it runs, and its size at the tuning size. */
export interface TunableConv {
  readonly params: ConvParams;
  readonly options: ConvOptions;
  readonly shape: { readonly height: number; readonly width: number };
}

/**
 * The conv variants the tuner times on an adapter. A CPU adapter (software Vulkan) runs a workgroup as one loop that
 * each barrier cuts in two, so the workgroup-memory kernel is not timed there: at 256² it measured 1.2–2.0× the
 * direct kernel's time on lavapipe's wide layers (7.5× on 64 → 3) and 0.62–1.23× on SwiftShader's (4.1× on 64 → 3),
 * and Winograd beat it 1.5–3× on every wide layer (`npm run bench -- --kernels` and `-- --chromium`). Timing it
 * there would nearly double the tuning in Chromium for a variant that is never kept.
 */
export function timedConvVariants(cpuAdapter: boolean): readonly ConvVariant[] {
  return cpuAdapter ? CONV_VARIANTS.filter((variant) => variant !== 'tiled') : CONV_VARIANTS;
}

/**
 * Times `variants` for each shape class once on this device, on made-up data of the right shapes, with the weights
 * stored at `precision`, and picks the fastest; `onShapeClassDone` is called after each. A variant that fails on this adapter (a validation or memory error)
 * is left out, with a warning.
 */
export async function measureConvChoices(
  device: GPUDevice,
  launch: LaunchSettings,
  convs: readonly TunableConv[],
  variants: readonly ConvVariant[],
  precision: Precision,
  onShapeClassDone?: () => void,
): Promise<Record<string, ConvChoice>> {
  const choices: Record<string, ConvChoice> = {};
  for (const conv of convs) {
    const shapeClass = convShapeClass(conv.params.inChannels, conv.params.outChannels, conv.options);
    if (choices[shapeClass]) continue;
    const ms: Partial<Record<ConvVariant, number>> = {};
    for (const variant of variants) {
      try {
        const time = await timeVariant(device, launch, conv, variant, precision);
        if (time !== null) ms[variant] = time;
      } catch (error) {
        console.warn(`webgpu-style-swap: the ${variant} ${shapeClass} failed on this adapter and is not used: ${(error as Error).message}`);
      }
    }
    choices[shapeClass] = { variant: chosenVariant(ms), ms };
    onShapeClassDone?.();
  }
  return choices;
}

/**
 * Another variant replaces the direct kernel only if it is at least this much faster: the variants round
 * differently (within the tolerances), so a near tie decided by timing noise would make the same call give
 * different bytes from one page load to the next.
 */
export const REQUIRED_SPEEDUP = 1.2;

/** The fastest variant, where it beats the direct kernel by REQUIRED_SPEEDUP; else the direct kernel. */
export function chosenVariant(ms: Partial<Record<ConvVariant, number>>): ConvVariant {
  const direct = ms.direct ?? Infinity;
  const [fastest, time] = (Object.entries(ms) as [ConvVariant, number][]).sort((a, b) => a[1] - b[1])[0] ?? ['direct', Infinity];
  return time * REQUIRED_SPEEDUP <= direct ? fastest : 'direct';
}

/** Milliseconds of one run of `variant` on `conv`, or null where it does not apply. */
async function timeVariant(device: GPUDevice, launch: LaunchSettings, conv: TunableConv, variant: ConvVariant, precision: Precision): Promise<number | null> {
  const k: KernelContext = { device, launch, owned: [] };
  try {
    const { params, options, shape } = conv;
    const scratch = isWinograd(variant) ? createWinogradScratch(k, launch.winogradBytes) : undefined;
    const layer = uploadConv(k, { ...params, name: `tuning ${params.name}` }, variant, scratch, precision);
    if (effectiveVariant(layer, options, shape) !== variant) return null;
    const inShape = options.upsampleInput ? { height: Math.ceil(shape.height / 2), width: Math.ceil(shape.width / 2) } : shape;
    const input = createStorageBuffer(device, 'tuning.input', madeUpValues(params.inChannels * inShape.height * inShape.width));
    const output = createWorkBuffer(device, 'tuning.output', 4 * params.outChannels * shape.height * shape.width);
    k.owned.push(input, output);
    return await timeDispatches(device, `${variant} ${params.name}`, await Promise.all(conv3x3(k, layer, options, shape, input, output)));
  } finally {
    k.owned.forEach((buffer) => buffer.destroy());
  }
}
