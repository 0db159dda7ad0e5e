import manifestJson from '../../weights/manifest.json';

/** One network's expected weights file: written by scripts/make-manifest.mjs from the released files. */
export interface WeightsFileManifest {
  readonly file: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly tensors: Readonly<Record<string, { readonly dtype: string; readonly shape: readonly number[] }>>;
}

export type NetworkName = 'encoder' | 'decoder';

export const weightsManifest: Readonly<Record<NetworkName, WeightsFileManifest>> = manifestJson;
