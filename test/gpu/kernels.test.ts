// Every WGSL kernel against the CPU reference on a real adapter, at odd sizes, inside validation/OOM error scopes
// (runDispatches throws on any error the scopes catch).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStorageBuffer, createWorkBuffer } from '../../src/gpu/buffers';
import { conv3x3, uploadConv } from '../../src/kernels/conv3x3';
import { imageToTensor } from '../../src/kernels/imageToTensor';
import { maxpool2x2 } from '../../src/kernels/maxpool2x2';
import { tensorToImage } from '../../src/kernels/tensorToImage';
import type { Tuning } from '../../src/kernels/tuning';
import { upsample2x } from '../../src/kernels/upsample2x';
import { conv3x3 as referenceConv } from '../../src/reference/conv3x3';
import { imageToTensor as referenceImageToTensor, tensorToImage as referenceTensorToImage } from '../../src/reference/image';
import { maxpool2x2 as referenceMaxpool } from '../../src/reference/maxpool2x2';
import { tensor } from '../../src/reference/tensor';
import { upsample2x as referenceUpsample } from '../../src/reference/upsample2x';
import { CONVERSION_TOLERANCE, EXACT, GEMM_TOLERANCE, expectClose, seededValues } from '../helpers/compare';
import { kernelContext, runDispatches, testDevice } from '../helpers/gpu';

const SIZES = [
  [1, 1],
  [5, 7],
  [13, 9],
] as const; // [height, width]
const BASE_TUNING: Tuning = { workgroup: [16, 4], convWorkgroup: [8, 1], matchWorkgroup: 16, matchInvocations: 2048 };

let device: GPUDevice;
beforeAll(async () => {
  device = await testDevice();
});
afterAll(() => device?.destroy());

describe('conv3x3 (reflection pad, bias, ReLU)', () => {
  const cases = [
    { inC: 3, outC: 5, relu: true, tuning: BASE_TUNING },
    { inC: 7, outC: 3, relu: false, tuning: BASE_TUNING },
    { inC: 13, outC: 17, relu: true, tuning: BASE_TUNING },
    { inC: 5, outC: 9, relu: false, tuning: { ...BASE_TUNING, workgroup: [8, 8], convWorkgroup: [16, 8] } as Tuning },
    { inC: 6, outC: 21, relu: true, tuning: { ...BASE_TUNING, workgroup: [4, 2], convWorkgroup: [3, 5] } as Tuning },
    { inC: 130, outC: 35, relu: true, tuning: BASE_TUNING },
  ];
  for (const [H, W] of SIZES) {
    for (const { inC, outC, relu, tuning } of cases) {
      it(`${inC}→${outC} channels, ${H}×${W}, relu=${relu}, workgroup ${tuning.convWorkgroup.join('×')}`, async () => {
        const seed = H * 1000 + W * 100 + inC * 10 + outC;
        const input = tensor(inC, H, W, seededValues(inC * H * W, seed));
        const layer = { name: 'test_conv', inChannels: inC, outChannels: outC, weight: seededValues(outC * inC * 9, seed + 1), bias: seededValues(outC, seed + 2) };
        const k = kernelContext(device, tuning);
        const gpuInput = createStorageBuffer(device, 'input', input.data);
        const output = createWorkBuffer(device, 'output', 4 * outC * H * W);
        const dispatch = await conv3x3(k, uploadConv(k, layer), relu, { height: H, width: W }, gpuInput, output);
        const actual = new Float32Array(await runDispatches(device, [dispatch], output, 4 * outC * H * W));
        expectClose(actual, referenceConv(input, layer.weight, layer.bias, outC, relu).data, GEMM_TOLERANCE, 'conv3x3');
        [...k.owned, gpuInput, output].forEach((b) => b.destroy());
      });
    }
  }
});

describe('maxpool2x2 and upsample2x', () => {
  for (const [H, W] of [[2, 2], [5, 7], [13, 9]] as const) {
    it(`maxpool2x2 of 3×${H}×${W} (floor)`, async () => {
      const input = tensor(3, H, W, seededValues(3 * H * W, H + W));
      const expected = referenceMaxpool(input);
      const k = kernelContext(device, BASE_TUNING);
      const gpuInput = createStorageBuffer(device, 'input', input.data);
      const output = createWorkBuffer(device, 'output', 4 * expected.data.length);
      const dispatch = await maxpool2x2(k, 'pool', input, gpuInput, output);
      const actual = new Float32Array(await runDispatches(device, [dispatch], output, 4 * expected.data.length));
      expectClose(actual, expected.data, EXACT, 'maxpool2x2');
      [...k.owned, gpuInput, output].forEach((b) => b.destroy());
    });
  }
  for (const [H, W] of SIZES) {
    it(`upsample2x of 5×${H}×${W}`, async () => {
      const input = tensor(5, H, W, seededValues(5 * H * W, H * W));
      const expected = referenceUpsample(input);
      const k = kernelContext(device, BASE_TUNING);
      const gpuInput = createStorageBuffer(device, 'input', input.data);
      const output = createWorkBuffer(device, 'output', 4 * expected.data.length);
      const dispatch = await upsample2x(k, 'up', input, gpuInput, output);
      const actual = new Float32Array(await runDispatches(device, [dispatch], output, 4 * expected.data.length));
      expectClose(actual, expected.data, EXACT, 'upsample2x');
      [...k.owned, gpuInput, output].forEach((b) => b.destroy());
    });
  }
});

describe('image ↔ tensor', () => {
  for (const [H, W] of SIZES) {
    it(`image_to_tensor and tensor_to_image at ${H}×${W}`, async () => {
      const bytes = Uint8Array.from(seededValues(4 * H * W, 7 + H, 0, 256), (v) => Math.floor(v));
      const image = { width: W, height: H, data: bytes };
      const k = kernelContext(device, BASE_TUNING);
      const pixels = createStorageBuffer(device, 'pixels', new Uint32Array(bytes.buffer));
      const planar = createWorkBuffer(device, 'planar', 4 * 3 * H * W);
      const toTensor = await imageToTensor(k, 'to_tensor', { height: H, width: W }, pixels, planar);
      const actual = new Float32Array(await runDispatches(device, [toTensor], planar, 4 * 3 * H * W));
      expectClose(actual, referenceImageToTensor(image).data, CONVERSION_TOLERANCE, 'image_to_tensor');

      // Values outside [0,1] and halfway cases check the clamp and the rounding.
      const values = seededValues(3 * H * W, 11 + W, -0.25, 1.25);
      values[0] = 0.5 / 255;
      const rgb = tensor(3, H, W, values);
      const rgbBuffer = createStorageBuffer(device, 'rgb', rgb.data);
      const out = createWorkBuffer(device, 'out', 4 * H * W);
      const toImage = await tensorToImage(k, 'to_image', { height: H, width: W }, rgbBuffer, out);
      const rgba = new Uint8Array(await runDispatches(device, [toImage], out, 4 * H * W));
      const expected = referenceTensorToImage(rgb).data;
      // 0.5/255 sits exactly between two codes: either rounding is correct, everything else must match exactly.
      expect(Math.abs(rgba[0]! - expected[0]!)).toBeLessThanOrEqual(1);
      expectClose(rgba.subarray(1), expected.subarray(1), EXACT, 'tensor_to_image');
      [...k.owned, pixels, planar, rgbBuffer, out].forEach((b) => b.destroy());
    });
  }
});
