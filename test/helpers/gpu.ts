import { createStorageBuffer, stageReadback } from '../../src/gpu/buffers';
import { describeAdapter, OPTIONAL_FEATURES } from '../../src/gpu/context';
import { runOnGpu } from '../../src/gpu/run';
import type { Dispatch } from '../../src/gpu/dispatch';
import type { KernelContext } from '../../src/kernels/kernel';
import type { LaunchSettings } from '../../src/kernels/launchSettings';
import { nodeGpu } from '../../src/node/dawn';

let adapterLogged = false;

/**
 * A device on this machine's adapter (lavapipe here, a real GPU elsewhere); logs which. Limits: the WebGPU
 * defaults, these, or the adapter's largest buffers.
 */
export async function testDevice(limits?: Record<string, number> | 'adapter maximum'): Promise<GPUDevice> {
  const adapter = await nodeGpu().requestAdapter();
  if (!adapter) throw new Error('no WebGPU adapter: run `npm run setup` (Vulkan loader + driver)');
  if (!adapterLogged) console.log(`[gpu tests] adapter: ${describeAdapter(adapter.info)}`);
  adapterLogged = true;
  const required =
    limits === 'adapter maximum'
      ? { maxBufferSize: adapter.limits.maxBufferSize, maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize }
      : limits;
  // The features the library's own device gets, where the adapter has them.
  const requiredFeatures = OPTIONAL_FEATURES.filter((feature) => adapter.features.has(feature));
  return adapter.requestDevice({ requiredFeatures, ...(required ? { requiredLimits: required } : {}) });
}

export const TEST_LAUNCH: LaunchSettings = {
  workgroup: [16, 4],
  convWorkgroup: [8, 1],
  matchWorkgroup: 16,
  matchInvocations: 2048,
  gramBudget: 32 << 20,
  stripBytes: 16 << 20,
  winogradBytes: 8 << 20,
  windowMatch: 'content-major',
  gram: 'register',
};

/** A storage buffer full of NaN: whatever a kernel leaves unwritten in it shows as NaN (or 0x7fc00000 as u32). */
export function nanFilledBuffer(device: GPUDevice, label: string, bytes: number): GPUBuffer {
  return createStorageBuffer(device, label, new Float32Array(Math.ceil(bytes / 4)).fill(NaN));
}

export function kernelContext(device: GPUDevice, launch: LaunchSettings = TEST_LAUNCH): KernelContext {
  return { device, launch, owned: [] };
}

/** Runs dispatches (inside validation and OOM error scopes) and reads `bytes` of `output` back. */
export async function runDispatches(device: GPUDevice, dispatches: Dispatch[], output: GPUBuffer, bytes: number): Promise<ArrayBuffer> {
  const { result } = await runOnGpu(
    device,
    { label: 'test', uploads: [], stages: [{ name: 'test', dispatches }], finish: (e) => stageReadback(device, e, output, bytes) },
    'fast',
  );
  return result.read();
}

/** Uploads `inputs`, builds a kernel's dispatches on them writing a NaN-filled `output`, runs it and reads the output back. */
export async function runKernel(
  device: GPUDevice,
  build: (
    k: ReturnType<typeof kernelContext>,
    inputs: GPUBuffer[],
    output: GPUBuffer,
  ) => Promise<Dispatch> | Promise<Dispatch>[] | Promise<Promise<Dispatch>[]>,
  inputs: (Float32Array | Uint32Array)[],
  outputBytes: number,
  launch: LaunchSettings = TEST_LAUNCH,
): Promise<ArrayBuffer> {
  const k = kernelContext(device, launch);
  const buffers = inputs.map((data, i) => createStorageBuffer(device, `input${i}`, data));
  const output = nanFilledBuffer(device, 'output', outputBytes);
  const built = await build(k, buffers, output);
  return runDispatches(device, await Promise.all((Array.isArray(built) ? built : [built]).map((d) => Promise.resolve(d))), output, outputBytes);
}

/** A texture's pixels as tightly packed RGBA8/BGRA8 rows. */
export async function readTexture(device: GPUDevice, texture: GPUTexture): Promise<Uint8Array> {
  const rowBytes = Math.ceil((4 * texture.width) / 256) * 256;
  const buffer = device.createBuffer({ size: rowBytes * texture.height, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC });
  const encoder = device.createCommandEncoder();
  encoder.copyTextureToBuffer({ texture }, { buffer, bytesPerRow: rowBytes }, { width: texture.width, height: texture.height });
  device.queue.submit([encoder.finish()]);
  const padded = new Uint8Array(await readBuffer(device, buffer, rowBytes * texture.height));
  const tight = new Uint8Array(4 * texture.width * texture.height);
  for (let y = 0; y < texture.height; y++) tight.set(padded.subarray(y * rowBytes, y * rowBytes + 4 * texture.width), 4 * y * texture.width);
  return tight;
}

/** Reads a buffer back (for inspecting intermediates). */
export async function readBuffer(device: GPUDevice, buffer: GPUBuffer, bytes: number): Promise<ArrayBuffer> {
  const encoder = device.createCommandEncoder();
  const staged = stageReadback(device, encoder, buffer, bytes);
  device.queue.submit([encoder.finish()]);
  return staged.read();
}

/**
 * `device` reporting smaller limits than it has: WebGPU never grants less than its defaults (128 MiB bindings), so
 * this is how the tests meet a device with, say, 8 MiB bindings. The library sizes everything from `limits`; the
 * memory tracker then checks that no buffer exceeds what the device reports.
 */
export function withReportedLimits(device: GPUDevice, overrides: Partial<Record<keyof GPUSupportedLimits, number>>): GPUDevice {
  const limits = new Proxy(device.limits, {
    get: (target, key) => (key in overrides ? overrides[key as keyof GPUSupportedLimits] : Reflect.get(target, key, target)),
  });
  return new Proxy(device, {
    get(target, key) {
      if (key === 'limits') return limits;
      const value = Reflect.get(target, key, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
    set: (target, key, value) => Reflect.set(target, key, value, target),
  });
}
