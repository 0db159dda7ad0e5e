import { conv3x3, uploadConv, type GpuConv } from '../kernels/conv3x3';
import type { KernelContext } from '../kernels/kernel';
import { tensorToImage } from '../kernels/tensorToImage';
import type { Tuning } from '../kernels/tuning';
import { upsample2x } from '../kernels/upsample2x';
import { FEATURE_CHANNELS } from './encoder';
import { PlanBuilder, type Plan } from './plan';
import type { DecoderWeights } from './weights';

/**
 * The inverse net on the GPU: relu3_1 features [256, h, w] → RGBA8 pixels of 4h × 4w. Intermediates ping-pong
 * between two buffers sized for the largest layer (64 × 4h × 4w); the unclamped RGB stays in `rgb` for tests.
 */
export class DecoderGraph {
  readonly #convs: readonly GpuConv[];
  constructor(
    private readonly device: GPUDevice,
    private readonly tuning: Tuning,
    weights: DecoderWeights,
    owned: GPUBuffer[],
  ) {
    const context: KernelContext = { device, tuning, owned };
    this.#convs = weights.convs.map((conv) => uploadConv(context, conv));
  }

  /** input: relu3_1 features of h×w; output: (4h)×(4w) u32 pixels. */
  async plan(height: number, width: number): Promise<Plan & { rgb: GPUBuffer }> {
    const [d31, d22, d21, d12, d11] = this.#convs as [GpuConv, GpuConv, GpuConv, GpuConv, GpuConv];
    const b = new PlanBuilder(this.device, this.tuning);
    const quarter = { height, width };
    const half = { height: 2 * height, width: 2 * width };
    const full = { height: 4 * height, width: 4 * width };
    const largest = 4 * 64 * full.height * full.width;
    try {
      const features = b.buffer(`decoder.features [256x${height}x${width}]`, 4 * FEATURE_CHANNELS * height * width);
      const ping = b.buffer(`decoder.ping [64x${full.height}x${full.width}]`, largest);
      const pong = b.buffer(`decoder.pong [64x${full.height}x${full.width}]`, largest);
      const pixels = b.buffer(`decoder.pixels [${full.height}x${full.width}]`, 4 * full.height * full.width);
      const k = b.context;
      const plan = await b.build(features, pixels, [
        conv3x3(k, d31, true, quarter, features, ping),
        upsample2x(k, 'dec_up2', { channels: 128, ...quarter }, ping, pong),
        conv3x3(k, d22, true, half, pong, ping),
        conv3x3(k, d21, true, half, ping, pong),
        upsample2x(k, 'dec_up1', { channels: 64, ...half }, pong, ping),
        conv3x3(k, d12, true, full, ping, pong),
        conv3x3(k, d11, false, full, pong, ping),
        tensorToImage(k, 'decoder.tensor_to_image', full, ping, pixels),
      ]);
      return { ...plan, rgb: ping };
    } catch (error) {
      b.destroy();
      throw error;
    }
  }
}
