// How every call runs on the GPU: its images brought in strip by strip, its stages, its finish; and the input
// layout of an image source. Shared by core/calls.ts and core/stylizeCalls.ts.
import { encodeDispatches, type Dispatch } from '../gpu/dispatch';
import { runOnGpu, type RunControl, type RunMode, type Stage, type UploadStep } from '../gpu/run';
import type { ImageInputLayout } from '../kernels/imageToTensor';
import type { ImageInputPlan } from '../model/imageInput';
import type { GpuState } from './gpuState';
import { sourceIsBgra, sourceRowPixels, uploadSteps, type ImageSource } from './imageSource';

/** How a call runs: one submit, per stage (profile), per kernel (debug); with cancellation and progress. */
export interface CallRun {
  readonly mode: RunMode;
  readonly control: RunControl;
}

interface RunOptions<R> {
  readonly label: string;
  /** Images to bring in, strip by strip and in order, before the stages; `then` runs once one is in. */
  readonly images?: readonly { readonly source: ImageSource; readonly input: ImageInputPlan; readonly then?: Dispatch }[];
  readonly stages: readonly Stage[];
  /** Records what follows the stages: a readback, a copy into a texture. */
  readonly finish: (encoder: GPUCommandEncoder) => R;
}

/** Runs one call's stages after bringing in its images, then frees any temporary texture that took. */
export async function run<R>(state: GpuState, how: CallRun, options: RunOptions<R>) {
  const images = (options.images ?? []).map(({ source, input, then }) => {
    const { steps, release } = uploadSteps(state.device, source, input.pixels, input.strips, (i) => input.converts[i]!);
    const after: UploadStep[] = then ? [{ record: (encoder) => encodeDispatches(encoder, [then], then.label) }] : [];
    return { steps: [...steps, ...after], release };
  });
  try {
    const uploads = images.flatMap((image) => image.steps);
    return await runOnGpu(state.device, { label: options.label, uploads, stages: options.stages, finish: options.finish }, how.mode, how.control);
  } finally {
    images.forEach((image) => image.release());
  }
}

export function inputLayout(source: ImageSource, scaled: { width: number; height: number }, padded: { width: number; height: number }): ImageInputLayout {
  return { source: { width: source.width, height: source.height }, rowPixels: sourceRowPixels(source), scaled, padded, bgra: sourceIsBgra(source) };
}

export const layoutKey = (l: ImageInputLayout) =>
  `${l.source.width}x${l.source.height}/${l.rowPixels}/${l.bgra}→${l.scaled.width}x${l.scaled.height}→${l.padded.width}x${l.padded.height}`;
