import { createUniformBuffer, createWorkBuffer } from '../gpu/buffers';
import { workgroupCounts, type Dispatch, type Vec3 } from '../gpu/dispatch';
import { getPipeline, type KernelSource } from '../gpu/pipelines';
import type { LaunchSettings } from './launchSettings';
import { inDeclaredOrder, wgslInterface } from './wgslInterface';

/** What a kernel needs to build its dispatch; `owned` collects buffers to destroy with the plan. */
export interface KernelContext {
  readonly device: GPUDevice;
  readonly launch: LaunchSettings;
  readonly owned: GPUBuffer[];
}

export interface DispatchSpec {
  readonly label: string;
  readonly kernel: KernelSource;
  readonly workgroupSize: Vec3;
  /** Every field of the shader's `struct Params` by name (the u32 uniform at binding 0). */
  readonly params: Readonly<Record<string, number>>;
  /** Every other binding by its WGSL name. */
  readonly buffers: Readonly<Record<string, GPUBuffer>>;
  readonly threads: Vec3;
}

export async function createDispatch(context: KernelContext, spec: DispatchSpec): Promise<Dispatch> {
  const { device } = context;
  const declared = wgslInterface(spec.kernel.code, spec.kernel.name);
  const params = inDeclaredOrder(declared.params, spec.params, `${spec.label} (${spec.kernel.name}.wgsl) params`);
  const buffers = inDeclaredOrder(declared.bindings, spec.buffers, `${spec.label} (${spec.kernel.name}.wgsl) bindings`);
  const pipeline = await getPipeline(device, spec.kernel);
  const uniform = createUniformBuffer(device, `${spec.label}.params`, params);
  context.owned.push(uniform);
  const bindGroup = device.createBindGroup({
    label: spec.label,
    layout: pipeline.getBindGroupLayout(0),
    entries: [uniform, ...buffers].map((buffer, binding) => ({ binding, resource: { buffer } })),
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
