import { StyleSwapError } from '../errors';

/** A storage buffer with `data` uploaded at creation. */
export function createStorageBuffer(device: GPUDevice, label: string, data: Float32Array | Uint32Array): GPUBuffer {
  const buffer = device.createBuffer({
    label,
    size: Math.max(16, alignTo(data.byteLength, 16)),
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
    mappedAtCreation: true,
  });
  const mapped = data instanceof Float32Array ? new Float32Array(buffer.getMappedRange()) : new Uint32Array(buffer.getMappedRange());
  mapped.set(data);
  buffer.unmap();
  return buffer;
}

/** An uninitialised storage buffer of `bytes` (at least 16), checked against the device's buffer limits. */
export function createWorkBuffer(device: GPUDevice, label: string, bytes: number): GPUBuffer {
  const size = Math.max(16, alignTo(bytes, 16));
  const limit = Math.min(device.limits.maxStorageBufferBindingSize, device.limits.maxBufferSize);
  if (size > limit) {
    throw new StyleSwapError(
      'too-large',
      `${label} needs ${formatBytes(size)}, more than this device allows in one buffer (${formatBytes(limit)}); use a smaller image`,
    );
  }
  return device.createBuffer({
    label,
    size,
    usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC,
  });
}

/** A uniform buffer holding u32 parameters. */
export function createUniformBuffer(device: GPUDevice, label: string, values: readonly number[]): GPUBuffer {
  const buffer = device.createBuffer({
    label,
    size: alignTo(4 * values.length, 16),
    usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST,
    mappedAtCreation: true,
  });
  new Uint32Array(buffer.getMappedRange()).set(values);
  buffer.unmap();
  return buffer;
}

/** Records a copy of `bytes` of `source` into a fresh staging buffer; `read()` after submit maps it and copies out. */
export function stageReadback(device: GPUDevice, encoder: GPUCommandEncoder, source: GPUBuffer, bytes: number) {
  const staging = device.createBuffer({
    label: `${source.label}.readback`,
    size: alignTo(bytes, 4),
    usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST,
  });
  encoder.copyBufferToBuffer(source, 0, staging, 0, alignTo(bytes, 4));
  return {
    async read(): Promise<ArrayBuffer> {
      try {
        await staging.mapAsync(GPUMapMode.READ);
        return staging.getMappedRange(0, alignTo(bytes, 4)).slice(0, bytes);
      } finally {
        staging.destroy();
      }
    },
    discard: () => staging.destroy(),
  };
}

export function alignTo(value: number, alignment: number): number {
  return Math.ceil(value / alignment) * alignment;
}

export function formatBytes(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}
