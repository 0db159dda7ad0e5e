import { encodeDispatches, type Dispatch } from '../gpu/dispatch';
import { withErrorScopes } from '../gpu/errorScopes';

/** Timed runs after one untimed warm-up; the fastest counts (the least disturbed by anything else). */
const TIMED_RUNS = 3;
/**
 * Each timed run repeats the dispatches until it takes about this long: a small kernel finishes in a millisecond
 * or two, where the queue's own latency and thread wake-ups (on CPU adapters) would decide the comparison.
 */
const RUN_MS = 20;
const MAX_REPEATS = 64;

/**
 * Milliseconds one pass of `dispatches` takes on the device: wall time around the queue's completion (timestamp
 * queries need a device feature that a caller's device may lack), the best of TIMED_RUNS. GPU errors are thrown,
 * naming `label`.
 */
export async function timeDispatches(device: GPUDevice, label: string, dispatches: readonly Dispatch[]): Promise<number> {
  const run = async (repeats: number) => {
    const milliseconds = await withErrorScopes(device, `tuning ${label}`, () => {
      const encoder = device.createCommandEncoder({ label: 'tuning' });
      for (let r = 0; r < repeats; r++) encodeDispatches(encoder, dispatches, 'tuning');
      const start = performance.now();
      device.queue.submit([encoder.finish()]);
      return device.queue.onSubmittedWorkDone().then(() => performance.now() - start);
    });
    return milliseconds / repeats;
  };
  const warmUp = await run(1);
  const repeats = Math.max(1, Math.min(MAX_REPEATS, Math.round(RUN_MS / Math.max(warmUp, 0.01))));
  let best = Infinity;
  for (let r = 0; r < TIMED_RUNS; r++) best = Math.min(best, await run(repeats));
  return best;
}

/** Values in [−1, 1) that vary (a constant input could take shortcuts a real one does not). */
export function madeUpValues(count: number): Float32Array {
  const values = new Float32Array(count);
  for (let i = 0; i < count; i++) values[i] = ((Math.imul(i, 2654435761) >>> 0) % 1000) / 500 - 1;
  return values;
}
