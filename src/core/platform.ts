import type { GpuProvider } from '../gpu/context';
import type { WeightBytes, WeightsSource } from '../types';
import type { ImageSource } from './imageSource';

/** What differs between the browser and Node entries: finding a GPU, reading weights, reading images. */
export interface Platform<Image> extends GpuProvider {
  /** The weights' bytes from a source, or from this platform's default location when none is given. */
  loadWeights(source: WeightsSource | undefined): Promise<WeightBytes>;
  /** Any image input this entry accepts, as pixels or a GPU source (not yet size-checked); `what` names it in errors. */
  readImage(image: Image, what: string): Promise<ImageSource>;
}
