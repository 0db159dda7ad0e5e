import { createUniformBuffer, createWorkBuffer } from '../gpu/buffers';
import { workgroupCounts, type Vec3 } from '../gpu/dispatch';
import { getPipeline, type KernelSource } from '../gpu/pipelines';
import type { Tuning } from './tuning';

/** One recorded kernel launch: everything is bound at plan time, so a run only dispatches. */
export interface Dispatch {
  readonly label: string;
  readonly pipeline: GPUComputePipeline;
  readonly bindGroup: GPUBindGroup;
  readonly workgroups: Vec3;
}

/** What a kernel needs to build its dispatch; `owned` collects buffers to destroy with the plan. */
export interface KernelContext {
  readonly device: GPUDevice;
  readonly tuning: Tuning;
  readonly owned: GPUBuffer[];
}

export interface DispatchSpec {
  readonly label: string;
  readonly kernel: KernelSource;
  readonly workgroupSize: Vec3;
  readonly params: readonly number[]; // u32 uniform at binding 0
  readonly buffers: readonly GPUBuffer[]; // bindings 1, 2, …
  readonly threads: Vec3;
}

export async function createDispatch(context: KernelContext, spec: DispatchSpec): Promise<Dispatch> {
  const { device } = context;
  const pipeline = await getPipeline(device, spec.kernel);
  const uniform = createUniformBuffer(device, `${spec.label}.params`, spec.params);
  context.owned.push(uniform);
  const bindGroup = device.createBindGroup({
    label: spec.label,
    layout: pipeline.getBindGroupLayout(0),
    entries: [uniform, ...spec.buffers].map((buffer, binding) => ({ binding, resource: { buffer } })),
  });
  const workgroups = workgroupCounts(spec.threads, spec.workgroupSize, device.limits.maxComputeWorkgroupsPerDimension, spec.label);
  return { label: spec.label, pipeline, bindGroup, workgroups };
}

/** A 16-byte buffer for a binding a kernel declares but, with its override off, never touches. */
export function placeholderBuffer(context: KernelContext, label: string): GPUBuffer {
  const buffer = createWorkBuffer(context.device, label, 16);
  context.owned.push(buffer);
  return buffer;
}

/** Records dispatches into one compute pass, each in a debug group named after its layer. */
export function encodeDispatches(encoder: GPUCommandEncoder, dispatches: readonly Dispatch[], label: string): void {
  const pass = encoder.beginComputePass({ label });
  for (const d of dispatches) {
    pass.pushDebugGroup(d.label);
    pass.setPipeline(d.pipeline);
    pass.setBindGroup(0, d.bindGroup);
    pass.dispatchWorkgroups(...d.workgroups);
    pass.popDebugGroup();
  }
  pass.end();
}
