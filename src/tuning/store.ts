import type { TuningRecord } from './record';

/**
 * Where a platform keeps tuning records between processes (Node: a file per adapter in the user's cache folder).
 * `key` names the adapter, the Gram variants its device runs and the weights' precision; a store adds its own
 * library version, so an upgrade measures again.
 */
export interface TuningStore {
  /** The stored value for `key` (checked by the caller, never trusted), or undefined when there is none. */
  read(key: string): Promise<unknown>;
  /** Keeps `record` for `key`; a store that cannot write warns and carries on (the record still serves this process). */
  write(key: string, record: TuningRecord): Promise<void>;
  /** Where records are kept, for messages: a folder path, say. */
  readonly location: string;
}

/** LaunchSettings progress: `done` of `total` timings (one per conv shape class, then the match's and the Gram's) finished. */
export type TuningProgress = (done: number, total: number) => void;
