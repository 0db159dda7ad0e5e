import { StyleSwapError } from '../errors';
import { encodeDispatches, type Dispatch } from './dispatch';
import { withErrorScopes } from './errorScopes';

/**
 * A named group of dispatches, recorded as one compute pass. Consecutive stages may share a name (the bands of the
 * match): their times add up, and progress counts them as steps of that stage.
 */
export interface Stage {
  readonly name: string;
  readonly dispatches: readonly Dispatch[];
}

/** Something a run made that must be freed if the run fails after making it (a readback staging buffer). */
export interface Discardable {
  discard(): void;
}

/**
 * One step of feeding a run its input, submitted in order before the stages: its queue writes, then what it records
 * (copies, the dispatch that converts what was copied). A large image comes as several steps sharing one buffer.
 */
export interface UploadStep {
  readonly write?: () => void;
  readonly record?: (encoder: GPUCommandEncoder) => void;
}

export interface RunSpec<R> {
  readonly label: string;
  readonly uploads: readonly UploadStep[];
  readonly stages: readonly Stage[];
  /**
   * Records what follows the stages (a readback, a copy into a texture) and returns its handle: a Discardable, a
   * record of them, or null. It is discarded when the run fails after `finish`.
   */
  readonly finish: (encoder: GPUCommandEncoder) => R;
}

/** Cancellation and progress of one run. */
export interface RunControl {
  /** Checked before each stage: once aborted, the run stops there and rejects with code 'aborted'. */
  readonly signal?: AbortSignal;
  /** Called after each stage has finished on the GPU: `done` of `total` stages of that name. */
  readonly onStep?: (stage: string, done: number, total: number) => void;
}

export type RunMode = 'fast' | 'profile' | 'debug';

/**
 * One call's GPU work inside validation and out-of-memory error scopes. 'fast': everything in one encoder and one
 * submit, unless `control` asks for cancellation or progress: then one submit per stage, awaited, as in 'profile'.
 * 'profile': one submit per stage, each awaited, so `times` holds each stage's milliseconds. 'debug': one submit
 * and one pair of error scopes per kernel, so an error names the kernel that raised it.
 */
export async function runOnGpu<R>(
  device: GPUDevice,
  spec: RunSpec<R>,
  mode: RunMode,
  control: RunControl = {},
): Promise<{ result: R; times: Record<string, number> }> {
  throwIfAborted(control.signal, spec.label);
  if (mode === 'fast' && !control.signal && !control.onStep) return { result: await runInOneSubmit(device, spec), times: {} };
  const times: Record<string, number> = {};
  const submit = (what: string, record: (encoder: GPUCommandEncoder) => void) =>
    withErrorScopes(device, `${spec.label}: ${what}`, () => {
      const encoder = device.createCommandEncoder({ label: what });
      record(encoder);
      device.queue.submit([encoder.finish()]);
    });
  for (const step of spec.uploads) {
    throwIfAborted(control.signal, spec.label);
    await submit('upload', (encoder) => {
      step.write?.(); // a queue write, so it lands before this submit and after the last
      step.record?.(encoder);
    });
  }
  await device.queue.onSubmittedWorkDone();
  const totals = countByName(spec.stages);
  const done = new Map<string, number>();
  for (const stage of spec.stages) {
    throwIfAborted(control.signal, spec.label);
    const start = performance.now();
    if (mode === 'debug') {
      for (const d of stage.dispatches) await submit(`kernel ${d.label}`, (e) => encodeDispatches(e, [d], d.label));
    } else {
      await submit(stage.name, (e) => encodeDispatches(e, stage.dispatches, stage.name));
    }
    await device.queue.onSubmittedWorkDone();
    times[stage.name] = (times[stage.name] ?? 0) + performance.now() - start;
    done.set(stage.name, (done.get(stage.name) ?? 0) + 1);
    control.onStep?.(stage.name, done.get(stage.name)!, totals.get(stage.name)!);
  }
  throwIfAborted(control.signal, spec.label);
  let result: R | undefined;
  try {
    await submit('finish', (encoder) => {
      result = spec.finish(encoder);
    });
  } catch (error) {
    discard(result);
    throw error;
  }
  return { result: result as R, times };
}

async function runInOneSubmit<R>(device: GPUDevice, spec: RunSpec<R>): Promise<R> {
  let result: R | undefined;
  try {
    return await withErrorScopes(device, spec.label, () => {
      // Steps before the last need a submit each (their queue writes reuse one buffer); the last joins the stages.
      for (const step of spec.uploads.slice(0, -1)) submitStep(device, step, spec.label);
      const last = spec.uploads.at(-1);
      last?.write?.();
      const encoder = device.createCommandEncoder({ label: spec.label });
      last?.record?.(encoder);
      for (const stage of spec.stages) encodeDispatches(encoder, stage.dispatches, stage.name);
      result = spec.finish(encoder);
      device.queue.submit([encoder.finish()]);
      return result;
    });
  } catch (error) {
    discard(result);
    throw error;
  }
}

function submitStep(device: GPUDevice, step: UploadStep, label: string): void {
  step.write?.();
  const encoder = device.createCommandEncoder({ label: `${label}: upload` });
  step.record?.(encoder);
  device.queue.submit([encoder.finish()]);
}

function countByName(stages: readonly Stage[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { name } of stages) counts.set(name, (counts.get(name) ?? 0) + 1);
  return counts;
}

export function throwIfAborted(signal: AbortSignal | undefined, what: string): void {
  if (signal?.aborted) throw abortedError(signal, what);
}

const abortedError = (signal: AbortSignal, what: string) => new StyleSwapError('aborted', `${what} was aborted`, { cause: signal.reason });

/**
 * `work`, or a rejection with code 'aborted' as soon as `signal` fires, whichever comes first. The work itself
 * goes on to its next stage boundary, where it stops and frees what it made; nothing it uses is released early.
 */
export function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined, what: string): Promise<T> {
  if (!signal) return work;
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortedError(signal, what));
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Frees what a failed run's `finish` made: a Discardable, or each Discardable in a record. */
function discard(result: unknown): void {
  if (typeof result !== 'object' || result === null) return;
  if (typeof (result as Discardable).discard === 'function') (result as Discardable).discard();
  else Object.values(result).forEach(discard);
}
