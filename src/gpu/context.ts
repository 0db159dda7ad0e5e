import { StyleSwapError } from '../errors';

/** How an entry point finds a GPU: navigator.gpu in browsers, the `webgpu` package in Node. */
export interface GpuProvider {
  requestAdapter(): Promise<GPUAdapter | null>;
  /** Appended to the "no adapter" error: how to get one on this platform. */
  readonly missingAdapterHint: string;
}

/** Features a device of our own gets where the adapter has them. */
export const OPTIONAL_FEATURES: readonly GPUFeatureName[] = ['subgroups', 'shader-f16'];

/** A device and whether we own it (and so may destroy it), with its loss recorded as it happens. */
export class GpuContext {
  lost: GPUDeviceLostInfo | null = null;
  private constructor(
    readonly device: GPUDevice,
    readonly owned: boolean,
    readonly adapterName: string,
  ) {
    void device.lost.then((info) => {
      this.lost = info;
    });
  }

  /** Wraps a caller's device: used as it is, never destroyed by us. */
  static fromDevice(device: GPUDevice): GpuContext {
    const info = (device as GPUDevice & { adapterInfo?: GPUAdapterInfo }).adapterInfo;
    return new GpuContext(device, false, info ? describeAdapter(info) : 'caller-provided device');
  }

  /** Requests an adapter and a device with the largest buffer limits the adapter offers, and OPTIONAL_FEATURES where it has them. */
  static async request(provider: GpuProvider, label: string): Promise<GpuContext> {
    const adapter = await provider.requestAdapter().catch(() => null);
    if (!adapter) {
      throw new StyleSwapError('no-webgpu', `No WebGPU adapter is available. ${provider.missingAdapterHint}`);
    }
    let device: GPUDevice;
    try {
      device = await adapter.requestDevice({
        label,
        // Subgroups let the tuner try gram_subgroup.wgsl, shader-f16 allows precision 'f16'; nothing else needs them.
        requiredFeatures: OPTIONAL_FEATURES.filter((feature) => adapter.features.has(feature)),
        requiredLimits: {
          maxStorageBufferBindingSize: adapter.limits.maxStorageBufferBindingSize,
          maxBufferSize: adapter.limits.maxBufferSize,
        },
      });
    } catch (cause) {
      throw new StyleSwapError('no-webgpu', `The WebGPU adapter (${describeAdapter(adapter.info)}) refused a device: ${String(cause)}`, { cause });
    }
    return new GpuContext(device, true, describeAdapter(adapter.info));
  }

  /** Waits briefly for a loss report: an error in flight may arrive just before the device's lost promise. */
  async lostSoon(): Promise<GPUDeviceLostInfo | null> {
    if (this.lost) return this.lost;
    const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 100));
    return Promise.race([this.device.lost, timeout]);
  }

  destroy(): void {
    if (this.owned) this.device.destroy();
  }
}

export function describeAdapter(info: GPUAdapterInfo): string {
  const parts = [info.vendor, info.architecture, info.device, info.description].filter((p) => p && p.length > 0);
  return parts.length > 0 ? [...new Set(parts)].join(' / ') : 'unknown adapter';
}
