import { encodeDispatches, type Dispatch } from '../kernels/kernel';
import { withErrorScopes } from './errorScopes';

/** A named group of dispatches: the unit of per-stage timing. */
export interface Stage {
  readonly name: string;
  readonly dispatches: readonly Dispatch[];
}

export interface RunSpec<R> {
  readonly label: string;
  /** Uploads and copies that feed the stages (queue writes, texture copies into the encoder). */
  readonly prepare: (encoder: GPUCommandEncoder) => void;
  readonly stages: readonly Stage[];
  /** Records what follows the stages (a readback, a copy into a texture) and returns its handle. */
  readonly finish: (encoder: GPUCommandEncoder) => R;
}

export type RunMode = 'fast' | 'profile' | 'debug';

/**
 * One call's GPU work inside validation and out-of-memory error scopes. 'fast': everything in one encoder and one
 * submit. 'profile': one submit per stage, each awaited, so `times` holds each stage's milliseconds. 'debug': one
 * submit and one pair of error scopes per kernel, so an error names the kernel that raised it.
 */
export async function runOnGpu<R>(device: GPUDevice, spec: RunSpec<R>, mode: RunMode): Promise<{ result: R; times: Record<string, number> }> {
  const times: Record<string, number> = {};
  if (mode === 'fast') {
    const result = await withErrorScopes(device, spec.label, () => {
      const encoder = device.createCommandEncoder({ label: spec.label });
      spec.prepare(encoder);
      for (const stage of spec.stages) encodeDispatches(encoder, stage.dispatches, stage.name);
      const result = spec.finish(encoder);
      device.queue.submit([encoder.finish()]);
      return result;
    });
    return { result, times };
  }
  const submit = (what: string, record: (encoder: GPUCommandEncoder) => void) =>
    withErrorScopes(device, `${spec.label}: ${what}`, () => {
      const encoder = device.createCommandEncoder({ label: what });
      record(encoder);
      device.queue.submit([encoder.finish()]);
    });
  await submit('upload', spec.prepare);
  await device.queue.onSubmittedWorkDone();
  for (const stage of spec.stages) {
    const start = performance.now();
    if (mode === 'debug') {
      for (const d of stage.dispatches) await submit(`kernel ${d.label}`, (e) => encodeDispatches(e, [d], d.label));
    } else {
      await submit(stage.name, (e) => encodeDispatches(e, stage.dispatches, stage.name));
    }
    await device.queue.onSubmittedWorkDone();
    times[stage.name] = performance.now() - start;
  }
  let result: R | undefined;
  await submit('finish', (encoder) => {
    result = spec.finish(encoder);
  });
  return { result: result as R, times };
}
