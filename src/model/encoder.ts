import { conv3x3, uploadConv, type GpuConv } from '../kernels/conv3x3';
import { imageToTensor } from '../kernels/imageToTensor';
import type { KernelContext } from '../kernels/kernel';
import { maxpool2x2 } from '../kernels/maxpool2x2';
import type { Tuning } from '../kernels/tuning';
import type { EncoderWeights } from './weights';
import { PlanBuilder, type Plan } from './plan';

export const FEATURE_CHANNELS = 256;

/** relu3_1's size for an image: two floor-halvings. */
export function featureSize(height: number, width: number) {
  return { height: Math.floor(height / 4), width: Math.floor(width / 4) };
}

/**
 * VGG19 to relu3_1 on the GPU: RGBA8 pixels → [256, ⌊H/4⌋, ⌊W/4⌋]. conv0 is folded into conv1_1 (model/weights.ts).
 * Intermediates ping-pong between two buffers sized for the largest layer (64 × H × W).
 */
export class EncoderGraph {
  readonly #convs: readonly GpuConv[];
  constructor(
    private readonly device: GPUDevice,
    private readonly tuning: Tuning,
    weights: EncoderWeights,
    owned: GPUBuffer[],
  ) {
    const context: KernelContext = { device, tuning, owned };
    this.#convs = weights.convs.map((conv) => uploadConv(context, conv));
  }

  /** input: H×W u32 pixels; output: relu3_1 features. */
  plan(height: number, width: number): Promise<Plan> {
    const [c11, c12, c21, c22, c31] = this.#convs as [GpuConv, GpuConv, GpuConv, GpuConv, GpuConv];
    const b = new PlanBuilder(this.device, this.tuning);
    const full = { height, width };
    const half = { height: Math.floor(height / 2), width: Math.floor(width / 2) };
    const quarter = featureSize(height, width);
    try {
      const pixels = b.buffer(`encoder.pixels [${height}x${width}]`, 4 * height * width);
      const ping = b.buffer(`encoder.ping [64x${height}x${width}]`, 4 * 64 * height * width);
      const pong = b.buffer(`encoder.pong [64x${height}x${width}]`, 4 * 64 * height * width);
      const features = b.buffer(`encoder.relu3_1 [256x${quarter.height}x${quarter.width}]`, 4 * FEATURE_CHANNELS * quarter.height * quarter.width);
      const k = b.context;
      return b.build(pixels, features, [
        imageToTensor(k, 'encoder.image_to_tensor', full, pixels, ping),
        conv3x3(k, c11, true, full, ping, pong),
        conv3x3(k, c12, true, full, pong, ping),
        maxpool2x2(k, 'pool1', { channels: 64, ...full }, ping, pong),
        conv3x3(k, c21, true, half, pong, ping),
        conv3x3(k, c22, true, half, ping, pong),
        maxpool2x2(k, 'pool2', { channels: 128, ...half }, pong, ping),
        conv3x3(k, c31, true, quarter, ping, features),
      ]);
    } catch (error) {
      b.destroy();
      throw error;
    }
  }
}
