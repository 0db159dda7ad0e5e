// Counts the GPU memory a library allocates on a device: wraps createBuffer and each buffer's destroy().
export function trackMemory(device) {
  const stats = { live: 0, peak: 0, largest: 0, largestLabel: '' };
  const create = device.createBuffer.bind(device);
  device.createBuffer = (descriptor) => {
    const buffer = create(descriptor);
    const size = descriptor.size;
    stats.live += size;
    stats.peak = Math.max(stats.peak, stats.live);
    if (size > stats.largest) Object.assign(stats, { largest: size, largestLabel: descriptor.label ?? '' });
    const destroy = buffer.destroy.bind(buffer);
    let destroyed = false;
    buffer.destroy = () => {
      if (!destroyed) stats.live -= size;
      destroyed = true;
      destroy();
    };
    return buffer;
  };
  return stats;
}

export const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
