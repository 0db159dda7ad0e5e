import { StyleSwapError } from '../errors';
import { weightsManifest } from '../model/manifest';
import type { WeightBytes, WeightsSource } from '../api';

/** Where each weights file is: the two URLs fetchWeightFiles reads. */
export interface WeightUrls {
  readonly encoder: URL;
  readonly decoder: URL;
}

/** The two weights files in a folder URL (relative URLs resolve against the page). */
function weightUrlsIn(folder: string | URL): WeightUrls {
  const text = String(folder);
  const base = new URL(text.endsWith('/') ? text : `${text}/`, globalThis.location?.href);
  return {
    encoder: new URL(weightsManifest.encoder.file, base),
    decoder: new URL(weightsManifest.decoder.file, base),
  };
}

/** Fetches both weights files; the error names the URL that failed. */
export async function fetchWeightFiles(urls: WeightUrls): Promise<WeightBytes> {
  const fetchOne = async (url: URL) => {
    let response: Response;
    try {
      response = await fetch(url);
    } catch (cause) {
      throw new StyleSwapError('weights', `could not fetch weights file ${url}: ${String(cause)}`, { cause });
    }
    if (!response.ok) throw new StyleSwapError('weights', `could not fetch weights file ${url}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  };
  const [encoder, decoder] = await Promise.all([fetchOne(urls.encoder), fetchOne(urls.decoder)]);
  return { encoder, decoder };
}

/** Bytes pass through; a folder URL is fetched. */
export function fetchWeights(source: WeightsSource): Promise<WeightBytes> {
  if (typeof source !== 'string' && !(source instanceof URL)) return Promise.resolve(source);
  return fetchWeightFiles(weightUrlsIn(source));
}
