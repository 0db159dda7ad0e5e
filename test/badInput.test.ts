// Bad input gets a clear StyleSwapError that names the problem.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStyleSwap, type NodeImage, type StyleSwap } from '../src/node/index';
import { rejection } from './helpers/rejection';
import { FIXTURES, WEIGHTS_DIR } from './helpers/fixtures';
import { testDevice } from './helpers/gpu';
import { weightBytes } from './helpers/weights';

const scratch = mkdtempSync(join(tmpdir(), 'style-swap-bad-'));

describe('weights', () => {
  it('a missing folder names the file it could not read', async () => {
    const error = await rejection(createStyleSwap({ weights: join(scratch, 'nowhere') }));
    expect(error.code).toBe('weights');
    expect(error.message).toMatch(/cannot read weights file .*nowhere.*vgg19_relu3_1\.safetensors: ENOENT/);
  });

  it('a truncated file names the file and the tensor that runs past its end', async () => {
    const { encoder, decoder } = weightBytes();
    const error = await rejection(createStyleSwap({ weights: { encoder: encoder.subarray(0, 1_000_000), decoder } }));
    expect(error.code).toBe('weights');
    expect(error.message).toMatch(/vgg19_relu3_1\.safetensors \(encoder\): not a readable safetensors file: tensor \S+ .* runs past the end/);
  });

  it('the files swapped name the missing tensor', async () => {
    const { encoder, decoder } = weightBytes();
    const error = await rejection(createStyleSwap({ weights: { encoder: decoder, decoder: encoder } }));
    expect(error.message).toMatch(/vgg19_relu3_1\.safetensors \(encoder\): tensor conv0\.weight is missing/);
  });

  it('a file of garbage, and a file with one flipped weight, are both refused', async () => {
    const { encoder, decoder } = weightBytes();
    const garbage = await rejection(createStyleSwap({ weights: { encoder, decoder: new Uint8Array(64).fill(7) } }));
    expect(garbage.message).toMatch(/decoder_relu3_1\.safetensors \(decoder\): not a readable safetensors file/);
    const flipped = Uint8Array.from(decoder);
    flipped[flipped.length - 1]! ^= 1;
    const corrupt = await rejection(createStyleSwap({ weights: { encoder, decoder: flipped } }));
    expect(corrupt.message).toMatch(/decoder_relu3_1\.safetensors \(decoder\): sha256 \w+ does not match/);
  });
});

describe('images', () => {
  let swap: StyleSwap<NodeImage>;
  beforeAll(async () => {
    swap = await createStyleSwap({ weights: WEIGHTS_DIR });
  });
  afterAll(() => swap?.destroy());

  it('0×0 and 1×1 images', async () => {
    const empty = await rejection(swap.encode({ width: 0, height: 0, data: new Uint8Array(0) }));
    expect(empty.code).toBe('image');
    expect(empty.message).toMatch(/0×0; width and height must be positive/);
    const tiny = await rejection(swap.encode({ width: 1, height: 1, data: new Uint8Array(4) }));
    expect(tiny.message).toMatch(/1×1; the encoder needs at least 4×4/);
  });

  it('pixels that do not fill the size', async () => {
    const error = await rejection(swap.encode({ width: 8, height: 8, data: new Uint8Array(10) }));
    expect(error.message).toMatch(/10 bytes; a 8×8 RGBA8 image has 256/);
  });

  it('a file that is not an image, a missing file, a corrupt PNG', async () => {
    const text = join(scratch, 'notes.txt');
    writeFileSync(text, 'not an image');
    expect((await rejection(swap.encode(text))).message).toMatch(/notes\.txt is not a PNG, JPEG, WebP, AVIF, HEIC, TIFF or GIF image/);
    expect((await rejection(swap.encode(join(scratch, 'missing.png')))).message).toMatch(/cannot read image file .*missing\.png: ENOENT/);
    const png = readFileSync(resolve(FIXTURES, 'chelsea_64x48.png'));
    const broken = join(scratch, 'broken.png');
    writeFileSync(broken, png.subarray(0, 200));
    expect((await rejection(swap.encode(broken))).message).toMatch(/image file .*broken\.png is a truncated PNG: the file ends before the image does/);
  });

  it('an image too large for the device names the buffer, the image and the limit', async () => {
    // On a device with the WebGPU default limits (256 MiB buffers, 128 MiB bindings), whatever the adapter allows.
    const device = await testDevice({ maxStorageBufferBindingSize: 128 << 20, maxBufferSize: 256 << 20 });
    const limited = await createStyleSwap({ device, weights: WEIGHTS_DIR });
    try {
      const side = 1024;
      const error = await rejection(limited.encode({ width: side, height: side, data: new Uint8Array(4 * side * side) }));
      expect(error.code).toBe('too-large');
      expect(error.message).toMatch(/scratch \(large\) for a 1024×1024 image needs 256\.0 MiB, more than this device allows in one buffer \(128\.0 MiB\)/);
    } finally {
      limited.destroy();
      device.destroy();
    }
  });

  it('features of the wrong shape', async () => {
    const error = await rejection(swap.decode({ channels: 128, height: 2, width: 2, data: new Float32Array(512) }));
    expect(error.message).toMatch(/features have 128 channels; relu3_1 features have 256/);
  });
});
