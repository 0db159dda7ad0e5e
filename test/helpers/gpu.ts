import { stageReadback } from '../../src/gpu/buffers';
import { describeAdapter } from '../../src/gpu/context';
import { runOnGpu } from '../../src/gpu/run';
import type { Dispatch, KernelContext } from '../../src/kernels/kernel';
import type { Tuning } from '../../src/kernels/tuning';
import { nodeGpu } from '../../src/node/dawn';

/** A device on this machine's adapter (lavapipe here, a real GPU elsewhere); logs which. */
export async function testDevice(limits?: Record<string, number>): Promise<GPUDevice> {
  const adapter = await nodeGpu().requestAdapter();
  if (!adapter) throw new Error('no WebGPU adapter: run `npm run setup` (Vulkan loader + driver)');
  console.log(`[gpu tests] adapter: ${describeAdapter(adapter.info)}`);
  return adapter.requestDevice(limits ? { requiredLimits: limits } : undefined);
}

export function kernelContext(device: GPUDevice, tuning: Tuning): KernelContext {
  return { device, tuning, owned: [] };
}

/** Runs dispatches (inside validation and OOM error scopes) and reads `bytes` of `output` back. */
export async function runDispatches(device: GPUDevice, dispatches: Dispatch[], output: GPUBuffer, bytes: number): Promise<ArrayBuffer> {
  return runOnGpu(device, { label: 'test', upload: () => {}, dispatches, readback: { buffer: output, bytes } }, false);
}

/** Reads a buffer back (for inspecting a plan's intermediates). */
export async function readBuffer(device: GPUDevice, buffer: GPUBuffer, bytes: number): Promise<ArrayBuffer> {
  const encoder = device.createCommandEncoder();
  const staged = stageReadback(device, encoder, buffer, bytes);
  device.queue.submit([encoder.finish()]);
  return staged.read();
}
