import { encodeDispatches, type Dispatch } from '../kernels/kernel';
import { stageReadback } from './buffers';
import { withErrorScopes } from './errorScopes';

export interface RunSpec {
  readonly label: string;
  /** Queue writes that feed the dispatches (made before any of them runs). */
  readonly upload: (queue: GPUQueue) => void;
  readonly dispatches: readonly Dispatch[];
  readonly readback: { readonly buffer: GPUBuffer; readonly bytes: number };
}

/**
 * One call's GPU work: upload, every dispatch in one encoder, one submit, one readback — all inside error scopes.
 * With `debug`, each kernel gets its own submit and error scopes, so an error names the kernel that raised it.
 */
export async function runOnGpu(device: GPUDevice, spec: RunSpec, debug: boolean): Promise<ArrayBuffer> {
  if (debug) return runKernelByKernel(device, spec);
  const staged = await withErrorScopes(device, spec.label, () => {
    spec.upload(device.queue);
    const encoder = device.createCommandEncoder({ label: spec.label });
    encodeDispatches(encoder, spec.dispatches, spec.label);
    const readback = stageReadback(device, encoder, spec.readback.buffer, spec.readback.bytes);
    device.queue.submit([encoder.finish()]);
    return readback;
  });
  return staged.read();
}

async function runKernelByKernel(device: GPUDevice, spec: RunSpec): Promise<ArrayBuffer> {
  await withErrorScopes(device, `${spec.label}: upload`, () => spec.upload(device.queue));
  for (const dispatch of spec.dispatches) {
    await withErrorScopes(device, `${spec.label}: kernel ${dispatch.label}`, () => {
      const encoder = device.createCommandEncoder({ label: dispatch.label });
      encodeDispatches(encoder, [dispatch], dispatch.label);
      device.queue.submit([encoder.finish()]);
    });
  }
  const staged = await withErrorScopes(device, `${spec.label}: readback`, () => {
    const encoder = device.createCommandEncoder({ label: `${spec.label}.readback` });
    const readback = stageReadback(device, encoder, spec.readback.buffer, spec.readback.bytes);
    device.queue.submit([encoder.finish()]);
    return readback;
  });
  return staged.read();
}
