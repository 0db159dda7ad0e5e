import { StyleSwapError } from '../errors';

/**
 * Runs `body` inside validation and out-of-memory error scopes and throws what they caught, naming `what`.
 * WebGPU raises these errors from the API calls `body` makes, so the scopes close right after it. A GPU error
 * wins over whatever `body` threw: it is the root cause.
 */
export async function withErrorScopes<T>(device: GPUDevice, what: string, body: () => T): Promise<T> {
  device.pushErrorScope('out-of-memory');
  device.pushErrorScope('validation');
  let outcome: { value: T } | { error: unknown };
  try {
    outcome = { value: body() };
  } catch (error) {
    outcome = { error };
  }
  const validation = await device.popErrorScope();
  const memory = await device.popErrorScope();
  if (validation) throw new StyleSwapError('gpu-validation', `${what}: WebGPU validation error: ${validation.message}`);
  if (memory) throw new StyleSwapError('too-large', `${what}: out of GPU memory: ${memory.message}`);
  if ('error' in outcome) throw outcome.error;
  return outcome.value;
}
