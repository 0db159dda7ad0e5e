import type { GpuProvider } from '../gpu/context';
import type { RgbaImage, WeightBytes, WeightsSource } from '../types';

/** What differs between the browser and Node entries: finding a GPU, reading weights, reading images. */
export interface Platform<Image> extends GpuProvider {
  /** The weights' bytes from a source, or from this platform's default location when none is given. */
  loadWeights(source: WeightsSource | undefined): Promise<WeightBytes>;
  /** Any image input this entry accepts, as RGBA8 pixels (not yet size-checked). */
  readImage(image: Image, what: string): Promise<RgbaImage>;
}
