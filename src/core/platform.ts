import type { GpuProvider } from '../gpu/context';
import type { WeightBytes, WeightsSource } from '../api';
import type { ImageSource } from './imageSource';
import type { TuningStore } from '../tuning/store';

/** What differs between the browser and Node entries: finding a GPU, reading weights, reading images. */
export interface Platform<Image> extends GpuProvider {
  /** The weights' bytes from a source, or from this platform's default location when none is given. */
  loadWeights(source: WeightsSource | undefined): Promise<WeightBytes>;
  /**
   * Any image input this entry accepts, as pixels or a GPU source; `what` names it in errors. Encoded images (files,
   * bytes, Blobs) are refused from their header, before decoding, when over `maxPixels`.
   */
  readImage(image: Image, what: string, maxPixels: number): Promise<ImageSource>;
  /** Where tuning records outlive the process (Node's cache folder); none in browsers, where the page keeps them. */
  readonly tuningStore?: TuningStore;
}
