import { imageStrips, type ImageInputLayout, type ImageStrip } from '../kernels/imageToTensor';
import type { Dispatch } from '../gpu/dispatch';
import type { EncoderGraph } from './encoder';
import type { PlanBuilder } from './plan';

/**
 * How an image reaches the encoder: in strips of at most `launch.stripBytes` of source pixels (one strip for any
 * ordinary image), each uploaded into `pixels` and converted by its own dispatch. So a 6000×6000 photo never needs
 * a 144 MiB buffer, whatever size it is scaled to. The converted RGB goes to `tensor`, the encoder's input.
 */
export interface ImageInputPlan {
  readonly pixels: GPUBuffer;
  readonly strips: readonly ImageStrip[];
  readonly converts: readonly Dispatch[];
}

export async function imageInputPlan(
  b: PlanBuilder,
  encoder: EncoderGraph,
  tensor: GPUBuffer,
  layout: ImageInputLayout,
  label: string,
  alpha?: GPUBuffer,
): Promise<ImageInputPlan> {
  const rowBytes = 4 * layout.rowPixels;
  const strips = imageStrips(layout, Math.max(1, Math.floor(b.context.launch.stripBytes / rowBytes)));
  const pixels = b.buffer(`${label} strip`, rowBytes * Math.max(...strips.map((s) => s.srcRows)));
  const converts = await Promise.all(encoder.convert(b.context, layout, pixels, tensor, strips, alpha));
  return { pixels, strips, converts };
}
