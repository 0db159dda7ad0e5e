// runOnGpu on a real adapter: a run that fails after recording its readback frees the staging buffer, in one
// submit and stage by stage alike.
import { describe, expect } from 'vitest';
import { stageReadback } from '../../src/gpu/buffers';
import { runOnGpu, type RunControl } from '../../src/gpu/run';
import { rejection } from '../helpers/rejection';
import { gpuIt } from '../helpers/gpuTest';

describe('runOnGpu', () => {
  const ways: [string, RunControl][] = [
    ['in one submit', {}],
    ['stage by stage', { onStep: () => {} }],
  ];
  for (const [way, control] of ways) {
    gpuIt(`a run that fails after its readback was recorded frees the staging buffer (${way})`, async ({ device }) => {
      const source = device.createBuffer({ size: 64, usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.STORAGE });
      const gone = device.createBuffer({ size: 64, usage: GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
      gone.destroy();
      const destroyed: string[] = [];
      const error = await rejection(
        runOnGpu(
          device,
          {
            label: 'leak check',
            uploads: [],
            stages: [],
            finish: (encoder) => {
              const readback = stageReadback(device, encoder, source, 64);
              encoder.copyBufferToBuffer(gone, 0, source, 0, 64); // a destroyed buffer: WebGPU refuses the submit
              return { discard: () => (readback.discard(), destroyed.push('readback')) };
            },
          },
          'fast',
          control,
        ),
      );
      expect(error.code).toBe('gpu-validation');
      expect(destroyed).toEqual(['readback']);
    });
  }
});
