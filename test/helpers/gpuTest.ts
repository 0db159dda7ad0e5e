import { test } from 'vitest';
import { testDevice } from './gpu';

/**
 * `it` for GPU tests that get a device of their own: fresh for each test, inside validation and out-of-memory error
 * scopes that span the whole test (an error anywhere in it fails it), and with every buffer and texture made on it
 * destroyed afterwards, the device too.
 */
export const gpuIt = test.extend<{ device: GPUDevice }>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads a fixture's dependencies from this pattern
  device: async ({}, use) => {
    const device = await testDevice();
    const made = trackResources(device);
    device.pushErrorScope('out-of-memory');
    device.pushErrorScope('validation');
    let validation: GPUError | null = null;
    let memory: GPUError | null = null;
    try {
      await use(device);
    } finally {
      validation = await device.popErrorScope();
      memory = await device.popErrorScope();
      made.forEach((resource) => resource.destroy());
      device.destroy();
    }
    if (validation) throw new Error(`WebGPU validation error during the test: ${validation.message}`);
    if (memory) throw new Error(`WebGPU out-of-memory error during the test: ${memory.message}`);
  },
});

/** Records every buffer and texture made on `device`, so a test cannot leak one. */
function trackResources(device: GPUDevice): { destroy(): void }[] {
  const made: { destroy(): void }[] = [];
  const createBuffer = device.createBuffer.bind(device);
  const createTexture = device.createTexture.bind(device);
  device.createBuffer = (descriptor) => {
    const buffer = createBuffer(descriptor);
    made.push(buffer);
    return buffer;
  };
  device.createTexture = (descriptor) => {
    const texture = createTexture(descriptor);
    made.push(texture);
    return texture;
  };
  return made;
}
