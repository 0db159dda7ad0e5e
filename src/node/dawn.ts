import { closeSync, openSync } from 'node:fs';
import { create, globals } from 'webgpu';
import type { GpuProvider } from '../gpu/context';

/**
 * The process's one Dawn instance. Two instances in one process can abort it, so a `navigator.gpu` the program
 * installed is used as it is, and ours is kept on globalThis, where a second copy of this library finds it too.
 */
const SHARED = Symbol.for('webgpu-style-swap.dawn');

/** WebGPU's globals (GPUBufferUsage, …), which the library's code uses: installed where missing. */
export function installGlobals(): void {
  for (const [name, value] of Object.entries(globals as Record<string, unknown>)) {
    if (!(name in globalThis)) Object.assign(globalThis, { [name]: value });
  }
}

/** WebGPU in Node: the program's `navigator.gpu` when it installed one, else the shared Dawn instance. */
export function nodeGpu(): GPU {
  installGlobals();
  const installed = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
  if (installed) return installed;
  const holder = globalThis as { [SHARED]?: GPU };
  return (holder[SHARED] ??= create([]));
}

/**
 * Runs `body` with the process's stderr pointed at /dev/null (Linux only): Dawn prints limit warnings
 * ("maxDynamicUniformBuffersPerPipelineLayout artificially reduced…") from native code on every adapter request,
 * which no option turns off and which mean nothing to a user. JavaScript output meanwhile is lost too: keep it short.
 */
async function withoutNativeStderr<T>(body: () => Promise<T>): Promise<T> {
  if (process.platform !== 'linux') return body();
  let saved: number;
  try {
    saved = openSync('/proc/self/fd/2', 'a'); // a second descriptor for stderr's file, pipe or terminal
  } catch {
    return body();
  }
  // Closing 2 and opening makes the new file descriptor 2, the lowest free one.
  closeSync(2);
  openSync('/dev/null', 'w');
  try {
    return await body();
  } finally {
    closeSync(2);
    openSync(`/proc/self/fd/${saved}`, 'a');
    closeSync(saved);
  }
}

export const dawnProvider: GpuProvider = {
  requestAdapter: () => withoutNativeStderr(() => nodeGpu().requestAdapter()),
  missingAdapterHint:
    process.platform === 'linux'
      ? 'Dawn needs a Vulkan driver. Without a GPU, install a software one: on Debian/Ubuntu `apt-get install libvulkan1 mesa-vulkan-drivers` (Mesa 24 or newer; on Debian 12 from bookworm-backports), or run `npm run setup` in this repository. Check with `vulkaninfo --summary`.'
      : 'Dawn found no GPU adapter (Metal on macOS, D3D12 on Windows). Update the graphics driver.',
};
