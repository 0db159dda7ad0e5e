import { create, globals } from 'webgpu';
import type { GpuProvider } from '../gpu/context';

let gpu: GPU | null = null;

/** WebGPU in Node through Dawn (the `webgpu` package): its globals (GPUBufferUsage, …) installed once, where missing. */
export function nodeGpu(): GPU {
  if (!gpu) {
    for (const [name, value] of Object.entries(globals)) {
      if (!(name in globalThis)) Object.assign(globalThis, { [name]: value });
    }
    gpu = create([]);
  }
  return gpu;
}

export const dawnProvider: GpuProvider = {
  requestAdapter: () => nodeGpu().requestAdapter(),
  missingAdapterHint:
    process.platform === 'linux'
      ? 'Dawn needs a Vulkan driver. Without a GPU, install a software one: on Debian/Ubuntu `apt-get install libvulkan1 mesa-vulkan-drivers` (Mesa 24 or newer; on Debian 12 from bookworm-backports), or run `npm run setup` in this repository. Check with `vulkaninfo --summary`.'
      : 'Dawn found no GPU adapter (Metal on macOS, D3D12 on Windows). Update the graphics driver.',
};
