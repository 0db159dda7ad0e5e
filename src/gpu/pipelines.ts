/** What identifies a compiled compute pipeline: its shader and the override constants it was built with. */
export interface KernelSource {
  readonly name: string;
  readonly code: string;
  readonly constants: Readonly<Record<string, number>>;
}

const cache = new WeakMap<GPUDevice, Map<string, Promise<GPUComputePipeline>>>();

/** One compiled pipeline per device, shader and constants; compiled asynchronously on first use, then reused. */
export function getPipeline(device: GPUDevice, kernel: KernelSource): Promise<GPUComputePipeline> {
  let pipelines = cache.get(device);
  if (!pipelines) cache.set(device, (pipelines = new Map<string, Promise<GPUComputePipeline>>()));
  const constantsKey = Object.entries(kernel.constants)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const key = `${kernel.name}(${constantsKey})`;
  let pipeline = pipelines.get(key);
  if (!pipeline) {
    const module = device.createShaderModule({ label: kernel.name, code: kernel.code });
    pipeline = device.createComputePipelineAsync({
      label: key,
      layout: 'auto',
      compute: { module, entryPoint: 'main', constants: { ...kernel.constants } },
    });
    pipelines.set(key, pipeline);
    // A failed compile must not stay cached: the next call retries (and reports) it.
    pipeline.catch(() => pipelines.delete(key));
  }
  return pipeline;
}
