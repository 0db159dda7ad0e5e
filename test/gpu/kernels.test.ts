// Every WGSL kernel against the CPU reference on a real adapter, at odd sizes. Each test has a device of its own
// inside validation/OOM error scopes (gpuIt), and kernel outputs start as NaN, so an element a kernel fails to write
// cannot pass for a right one.
import { describe, expect } from 'vitest';
import { createStorageBuffer, createWorkBuffer } from '../../src/gpu/buffers';
import { conv3x3, uploadConv } from '../../src/kernels/conv3x3';
import type { ConvOptions } from '../../src/kernels/convLayer';
import type { ConvVariant } from '../../src/api';
import { createWinogradScratch, isWinograd, WINOGRAD_TILES, winogradBandRows, type WinogradTile } from '../../src/kernels/winograd';
import { roundToFloat16 } from '../../src/kernels/halfFloat';
import { imageStrips, imageToTensor, type ImageInputLayout } from '../../src/kernels/imageToTensor';
import { blendAccumulate, blendResolve, maskPool } from '../../src/kernels/blend';
import { controlsBytes, strength } from '../../src/kernels/strength';
import { tensorToImage, type ImageOutputLayout } from '../../src/kernels/tensorToImage';
import type { LaunchSettings } from '../../src/kernels/launchSettings';
import { conv3x3 as referenceConv } from '../../src/reference/conv3x3';
import { blendStyles, maskFeatures, preserveColor, strengthBlend } from '../../src/reference/controls';
import { layoutToAlpha, layoutToTensor, tensorToLayout } from '../../src/reference/image';
import { maxpool2x2 as referenceMaxpool } from '../../src/reference/maxpool2x2';
import { tensor, type Tensor } from '../../src/reference/tensor';
import { upsample2x as referenceUpsample } from '../../src/reference/upsample2x';
import { CONVERSION_TOLERANCE, GEMM_TOLERANCE, HALF_WEIGHTS_TOLERANCE, WINOGRAD4_TOLERANCE, expectClose, seededValues } from '../helpers/compare';
import { kernelContext, nanFilledBuffer, readBuffer, runDispatches, runKernel, TEST_LAUNCH } from '../helpers/gpu';
import { gpuIt } from '../helpers/gpuTest';

/** Bytes of scratch (each buffer) that hold exactly one tile row of a Winograd conv with output tiles of `tile`². */
function winogradRowBytes(shape: { height: number; width: number }, layer: { inChannels: number; outChannels: number }, tile: WinogradTile): number {
  const outGroups = Math.ceil(layer.outChannels / 16) * 4;
  const bytes = (tile + 2) ** 2 * 4 * Math.ceil(shape.width / tile) * Math.max(layer.inChannels, 4 * outGroups);
  expect(winogradBandRows(shape, layer.inChannels, outGroups, bytes, tile)).toBe(Math.min(1, Math.ceil(shape.height / tile)));
  return bytes;
}

describe('conv3x3 (reflection pad, bias, ReLU; fused pool and upsampled input)', () => {
  const cases: { inC: number; outC: number; options: ConvOptions; tuning?: LaunchSettings }[] = [
    { inC: 3, outC: 5, options: { relu: true } },
    { inC: 7, outC: 3, options: { relu: false } },
    { inC: 13, outC: 17, options: { relu: true } },
    { inC: 130, outC: 35, options: { relu: true } },
    { inC: 7, outC: 80, options: { relu: true } }, // two channel tiles of conv3x3_tiled, the second mostly padding; no padded channels
    { inC: 5, outC: 9, options: { relu: false }, tuning: { ...TEST_LAUNCH, convWorkgroup: [16, 8] } },
    { inC: 6, outC: 21, options: { relu: true }, tuning: { ...TEST_LAUNCH, convWorkgroup: [3, 5] } },
    { inC: 5, outC: 19, options: { relu: true, pool: true } },
    { inC: 4, outC: 7, options: { relu: false, pool: true } },
    { inC: 9, outC: 6, options: { relu: true, upsampleInput: true } },
    { inC: 3, outC: 3, options: { relu: false, upsampleInput: true }, tuning: { ...TEST_LAUNCH, convWorkgroup: [4, 4] } },
  ];
  // [height, width] of the conv: edge tiles of every width for F(2×2) and F(4×4) (1 to 4 pixels of a 4-wide tile).
  const sizes = [
    [1, 1],
    [5, 7],
    [13, 9],
    [2, 2],
    [6, 10],
    [11, 8],
  ] as const;
  // Winograd with scratch for every tile row at once, and for one row a band (so every band boundary is crossed).
  // The narrow kernel (8 pixels × 4 channels) and the tiled one (workgroup memory) do not pool: a pooling layer given
  // them runs the direct kernel.
  const variants = ['direct', 'winograd', 'winograd, one tile row a band', 'winograd4', 'winograd4, one tile row a band', 'narrow', 'tiled'] as const;
  for (const [H, W] of sizes) {
    for (const { inC, outC, options, tuning } of cases) {
      if (options.pool && (H < 2 || W < 2)) continue; // nothing to pool
      if (options.upsampleInput && (H % 2 || W % 2)) continue; // an upsampled input is even-sized
      for (const variant of variants) {
        const label = [
          variant,
          `${inC}→${outC} channels`,
          `${H}×${W}`,
          `relu=${options.relu}`,
          options.pool && 'pool',
          options.upsampleInput && 'upsampled input',
          tuning && `workgroup ${tuning.convWorkgroup.join('×')}`,
        ];
        gpuIt(label.filter(Boolean).join(', '), async ({ device }) => {
          const seed = H * 1000 + W * 100 + inC * 10 + outC;
          const [inH, inW] = options.upsampleInput ? [H / 2, W / 2] : [H, W];
          const input = tensor(inC, inH, inW, seededValues(inC * inH * inW, seed));
          const layer = {
            name: 'test_conv',
            inChannels: inC,
            outChannels: outC,
            weight: seededValues(outC * inC * 9, seed + 1),
            bias: seededValues(outC, seed + 2),
          };
          let expected: Tensor = referenceConv(options.upsampleInput ? referenceUpsample(input) : input, layer.weight, layer.bias, outC, options.relu);
          if (options.pool) expected = referenceMaxpool(expected);
          const actual = await runKernel(
            device,
            async (k, [gpuInput], output) => {
              const shape = { height: H, width: W };
              const convVariant = variant.split(',')[0] as ConvVariant;
              const tile = WINOGRAD_TILES[convVariant];
              const oneRowBands = variant.endsWith('one tile row a band');
              const scratch = tile ? createWinogradScratch(k, oneRowBands ? winogradRowBytes(shape, layer, tile) : 1 << 20) : undefined;
              const dispatches = conv3x3(k, uploadConv(k, layer, convVariant, scratch), options, shape, gpuInput!, output);
              expect(dispatches).toHaveLength(tile ? 3 * (oneRowBands ? Math.ceil(H / tile) : 1) : 1);
              const own = { narrow: 'conv3x3_narrow', tiled: 'conv3x3_tiled', winograd: 'winograd_input', winograd4: 'winograd4_input' } as Record<
                string,
                string
              >;
              const kernel = own[convVariant] && !(options.pool && !tile) ? own[convVariant] : 'conv3x3';
              expect((await dispatches[0]!).pipeline.label.startsWith(`${kernel}(`), `runs ${kernel}`).toBe(true);
              return dispatches;
            },
            [input.data],
            4 * expected.data.length,
            tuning,
          );
          expectClose(new Float32Array(actual), expected.data, variant.startsWith('winograd4') ? WINOGRAD4_TOLERANCE : GEMM_TOLERANCE, `conv3x3 (${variant})`);
        });
      }
    }
  }

  // precision 'f16': the weights (and Winograd filters) stored as half floats, the sums in f32. The register and tiled
  // kernels then compute exactly the reference conv of the half-rounded weights; Winograd F(2×2) rounds its
  // transformed filters instead, so it is held to the f32 reference within the rounding of 11-bit weights; F(4×4)
  // keeps f32 filters (src/kernels/winograd.ts), so it is held to the f32 reference at its own tolerance.
  const halfCases = [cases[2]!, cases[3]!, cases[8]!, { inC: 6, outC: 20, options: { relu: true, pool: true } }];
  for (const [H, W] of [
    [5, 7],
    [13, 9],
    [6, 10],
  ] as const) {
    for (const { inC, outC, options } of halfCases) {
      for (const variant of ['direct', 'winograd', 'winograd4', 'narrow', 'tiled'] as const) {
        const label = [`${variant}, f16 weights`, `${inC}→${outC} channels`, `${H}×${W}`, options.pool && 'pool', options.upsampleInput && 'upsampled input'];
        gpuIt(label.filter(Boolean).join(', '), async ({ device }) => {
          const seed = H * 1000 + W * 100 + inC * 10 + outC;
          const [inH, inW] = options.upsampleInput ? [H / 2, W / 2] : [H, W];
          const input = tensor(inC, inH, inW, seededValues(inC * inH * inW, seed));
          const layer = {
            name: 'test_conv',
            inChannels: inC,
            outChannels: outC,
            weight: seededValues(outC * inC * 9, seed + 1),
            bias: seededValues(outC, seed + 2),
          };
          const reference = (weight: Float32Array) => {
            const out = referenceConv(options.upsampleInput ? referenceUpsample(input) : input, weight, layer.bias, outC, options.relu);
            return options.pool ? referenceMaxpool(out) : out;
          };
          const actual = await runKernel(
            device,
            async (k, [gpuInput], output) => {
              const winograd = isWinograd(variant);
              const scratch = winograd ? createWinogradScratch(k, 1 << 20) : undefined;
              const dispatches = conv3x3(k, uploadConv(k, layer, variant, scratch, 'f16'), options, { height: H, width: W }, gpuInput!, output);
              const label = (await dispatches[winograd ? 1 : 0]!).pipeline.label;
              if (variant === 'winograd4') expect(label, 'F(4×4) keeps f32 filters').toMatch(/^winograd_gemm\(/);
              else expect(label).toMatch(/^[a-z0-9_]+_f16\(/);
              return dispatches;
            },
            [input.data],
            4 * reference(layer.weight).data.length,
          );
          if (variant === 'winograd4')
            expectClose(new Float32Array(actual), reference(layer.weight).data, WINOGRAD4_TOLERANCE, 'conv3x3 (winograd4, f32 filters under f16)');
          else if (variant === 'winograd')
            expectClose(new Float32Array(actual), reference(layer.weight).data, HALF_WEIGHTS_TOLERANCE, `conv3x3 (${variant}, f16 filters)`);
          else expectClose(new Float32Array(actual), reference(roundToFloat16(layer.weight)).data, GEMM_TOLERANCE, `conv3x3 (${variant}, f16 weights)`);
        });
      }
    }
  }

  for (const variant of ['winograd', 'winograd4'] as const) {
    gpuIt(`${variant}: a scratch too small for one tile row falls back to the direct kernel, with the same result`, async ({ device }) => {
      const layer = { name: 'test_conv', inChannels: 8, outChannels: 16, weight: seededValues(16 * 8 * 9, 5), bias: seededValues(16, 6) };
      const input = tensor(8, 9, 11, seededValues(8 * 9 * 11, 7));
      const shape = { height: 9, width: 11 };
      const expected = referenceConv(input, layer.weight, layer.bias, 16, true);
      const actual = await runKernel(
        device,
        async (k, [gpuInput], output) => {
          const scratch = createWinogradScratch(k, winogradRowBytes(shape, layer, WINOGRAD_TILES[variant]!) - 4);
          const dispatches = conv3x3(k, uploadConv(k, layer, variant, scratch), { relu: true }, shape, gpuInput!, output);
          expect(dispatches).toHaveLength(1);
          expect((await dispatches[0]!).pipeline.label.startsWith('conv3x3(')).toBe(true);
          return dispatches;
        },
        [input.data],
        4 * expected.data.length,
      );
      expectClose(new Float32Array(actual), expected.data, GEMM_TOLERANCE, `conv3x3 (${variant} fallback)`);
    });
  }
});

describe('image_to_tensor: box-filter downscale, reflection padding, row pitch, BGRA', () => {
  const layouts: ImageInputLayout[] = [
    { source: { width: 1, height: 1 }, rowPixels: 1, scaled: { width: 1, height: 1 }, padded: { width: 1, height: 1 }, bgra: false },
    { source: { width: 7, height: 5 }, rowPixels: 7, scaled: { width: 7, height: 5 }, padded: { width: 8, height: 8 }, bgra: false },
    { source: { width: 13, height: 9 }, rowPixels: 16, scaled: { width: 13, height: 9 }, padded: { width: 13, height: 9 }, bgra: true },
    { source: { width: 13, height: 9 }, rowPixels: 13, scaled: { width: 5, height: 4 }, padded: { width: 8, height: 4 }, bgra: false },
    { source: { width: 31, height: 17 }, rowPixels: 64, scaled: { width: 10, height: 6 }, padded: { width: 12, height: 8 }, bgra: true },
    // A tile's window of the padded image: interior, and reaching into the reflected padding.
    {
      source: { width: 29, height: 23 },
      rowPixels: 29,
      scaled: { width: 29, height: 23 },
      padded: { width: 12, height: 8 },
      origin: { x: 8, y: 4 },
      bgra: false,
    },
    {
      source: { width: 41, height: 27 },
      rowPixels: 48,
      scaled: { width: 19, height: 13 },
      padded: { width: 8, height: 12 },
      origin: { x: 12, y: 4 },
      bgra: true,
    },
  ];
  for (const layout of layouts) {
    const { source: s, scaled, padded, origin } = layout;
    gpuIt(
      `${s.width}×${s.height} (pitch ${layout.rowPixels}) → ${scaled.width}×${scaled.height} → ${padded.width}×${padded.height}${origin ? ` at (${origin.x}, ${origin.y})` : ''}${layout.bgra ? ', BGRA' : ''}`,
      async ({ device }) => {
        const words = Uint32Array.from(seededValues(layout.rowPixels * s.height, s.width * 31 + s.height, 0, 2 ** 32), (v) => v >>> 0);
        const expected = layoutToTensor(words, layout);
        const actual = await runKernel(
          device,
          (k, [pixels], output) => imageToTensor(k, 'to_tensor', layout, pixels!, output),
          [words],
          4 * expected.data.length,
        );
        expectClose(new Float32Array(actual), expected.data, CONVERSION_TOLERANCE, 'image_to_tensor');
      },
    );
    gpuIt(`  the same with its alpha kept (${scaled.width}×${scaled.height})`, async ({ device }) => {
      const words = Uint32Array.from(seededValues(layout.rowPixels * s.height, s.width * 37 + s.height, 0, 2 ** 32), (v) => v >>> 0);
      const expected = layoutToAlpha(words, layout);
      const actual = await runKernel(
        device,
        (k, [pixels], alpha) => {
          const rgb = createWorkBuffer(device, 'rgb', 4 * 3 * padded.width * padded.height);
          return imageToTensor(k, 'to_tensor', layout, pixels!, rgb, alpha);
        },
        [words],
        4 * expected.length,
      );
      expectClose(new Float32Array(actual), expected, CONVERSION_TOLERANCE, 'image_to_tensor alpha');
    });
  }
});

describe('image_to_tensor in strips (large images): the same tensor as in one pass', () => {
  const layouts: ImageInputLayout[] = [
    { source: { width: 31, height: 47 }, rowPixels: 32, scaled: { width: 10, height: 13 }, padded: { width: 12, height: 16 }, bgra: false },
    { source: { width: 9, height: 23 }, rowPixels: 9, scaled: { width: 9, height: 23 }, padded: { width: 12, height: 24 }, bgra: true },
    { source: { width: 17, height: 61 }, rowPixels: 17, scaled: { width: 5, height: 7 }, padded: { width: 8, height: 8 }, bgra: false },
    {
      source: { width: 44, height: 94 },
      rowPixels: 44,
      scaled: { width: 22, height: 47 },
      padded: { width: 12, height: 20 },
      origin: { x: 4, y: 28 },
      bgra: false,
    },
  ];
  for (const layout of layouts) {
    for (const maxRows of [1, 4, 9]) {
      const { source: s, scaled } = layout;
      gpuIt(`${s.width}×${s.height} → ${scaled.width}×${scaled.height}, at most ${maxRows} source rows a strip`, async ({ device }) => {
        const words = Uint32Array.from(seededValues(layout.rowPixels * s.height, s.height * 7 + maxRows, 0, 2 ** 32), (v) => v >>> 0);
        const expected = layoutToTensor(words, layout);
        const expectedAlpha = layoutToAlpha(words, layout);
        const strips = imageStrips(layout, maxRows);
        expect(strips.reduce((rows, strip) => rows + strip.outRows, 0)).toBe(layout.padded.height);
        if (maxRows < s.height / 2) expect(strips.length).toBeGreaterThan(1);
        const k = kernelContext(device);
        const rgb = nanFilledBuffer(device, 'rgb', 4 * expected.data.length);
        const alpha = nanFilledBuffer(device, 'alpha', 4 * expectedAlpha.length);
        const stripBuffers = strips.map((strip) =>
          createStorageBuffer(device, 'strip', words.subarray(strip.srcFirstRow * layout.rowPixels, (strip.srcFirstRow + strip.srcRows) * layout.rowPixels)),
        );
        const dispatches = await Promise.all(strips.map((strip, i) => imageToTensor(k, `strip ${i}`, layout, stripBuffers[i]!, rgb, alpha, strip)));
        expectClose(
          new Float32Array(await runDispatches(device, dispatches, rgb, 4 * expected.data.length)),
          expected.data,
          CONVERSION_TOLERANCE,
          'image_to_tensor in strips',
        );
        expectClose(new Float32Array(await readBuffer(device, alpha, 4 * expectedAlpha.length)), expectedAlpha, CONVERSION_TOLERANCE, 'alpha in strips');
      });
    }
  }
});

describe('strength: α·swapped + (1 − α)·content, α read at run time', () => {
  const shapes = [
    [3, 1, 1],
    [5, 7, 3],
    [17, 9, 13],
  ] as const;
  for (const [C, H, W] of shapes) {
    for (const alpha of [0, 0.37, 1]) {
      gpuIt(`${C}×${H}×${W}, α = ${alpha}`, async ({ device }) => {
        const content = tensor(C, H, W, seededValues(C * H * W, C + H, 0, 3));
        const swapped = tensor(C, H, W, seededValues(C * H * W, C + W, 0, 3));
        const expected = strengthBlend(swapped, content, alpha);
        const controls = createStorageBuffer(device, 'controls', new Uint32Array(controlsBytes({ strength: alpha, preserveColor: false })));
        const [contentBuffer, swappedBuffer] = [content, swapped].map((t) => createStorageBuffer(device, 'features', t.data));
        const mixed = nanFilledBuffer(device, 'mixed', 4 * C * H * W);
        const dispatch = await strength(kernelContext(device), content, { controls, content: contentBuffer!, swapped: swappedBuffer!, mixed });
        const actual = await runDispatches(device, [dispatch], mixed, 4 * C * H * W);
        if (alpha === 1) expect(Array.from(new Float32Array(actual))).toEqual(Array.from(swapped.data)); // bit for bit
        expectClose(new Float32Array(actual), expected.data, CONVERSION_TOLERANCE, 'strength');
      });
    }
  }
});

describe('style mix: mask_pool, blend_accumulate, blend_resolve', () => {
  const shapes = [
    [3, 1, 1],
    [5, 3, 7],
    [9, 6, 5],
  ] as const;
  for (const [C, h, w] of shapes) {
    gpuIt(`mask at feature resolution, ${4 * h}×${4 * w} → ${h}×${w}`, async ({ device }) => {
      const rgb = tensor(3, 4 * h, 4 * w, seededValues(3 * 16 * h * w, h * 10 + w, 0, 1));
      const expected = maskFeatures(rgb);
      const actual = await runKernel(
        device,
        (k, [input], mask) => maskPool(k, { channels: C, height: h, width: w }, input!, mask),
        [rgb.data],
        4 * expected.length,
      );
      expectClose(new Float32Array(actual), expected, CONVERSION_TOLERANCE, 'mask_pool');
    });

    // With the unmasked style's weight 0 (first shape), pixel 0 has no weight at all: it takes the content's features.
    const weights = C === 3 ? [0.5, 0, 1] : [0.5, 2, 1];
    gpuIt(`three styles, weights ${weights.join('/')}, masks on two, black at pixel 0; C=${C}, ${h}×${w}`, async ({ device }) => {
      const features = { channels: C, height: h, width: w };
      const n = C * h * w;
      const content = tensor(C, h, w, seededValues(n, C, 0, 2));
      const styles = [1, 2, 3].map((seed) => tensor(C, h, w, seededValues(n, C * 7 + seed, 0, 2)));
      const masks = [seededValues(h * w, 5, 0, 1), undefined, seededValues(h * w, 9, 0, 1)];
      masks[0]![0] = 0;
      masks[2]![0] = 0;
      const expected = blendStyles(content, styles, weights, masks);
      const k = kernelContext(device);
      const up = (data: Float32Array) => createStorageBuffer(device, 'input', data);
      const [acc, den, mixed] = [nanFilledBuffer(device, 'acc', 4 * n), nanFilledBuffer(device, 'den', 4 * h * w), nanFilledBuffer(device, 'mixed', 4 * n)];
      const dispatches = await Promise.all([
        ...styles.map((style, i) =>
          blendAccumulate(k, features, { weight: weights[i]!, mask: masks[i] && up(masks[i]), first: i === 0 }, { swapped: up(style.data), acc, den }),
        ),
        blendResolve(k, features, { acc, den, content: up(content.data), mixed }),
      ]);
      expectClose(new Float32Array(await runDispatches(device, dispatches, mixed, 4 * n)), expected.data, GEMM_TOLERANCE, 'style mix');
    });
  }
});

describe('tensor_to_image: clamp, round, crop, row pitch, BGRA', () => {
  const layouts: ImageOutputLayout[] = [
    { tensor: { width: 1, height: 1 }, output: { width: 1, height: 1 }, rowPixels: 1, bgra: false },
    { tensor: { width: 7, height: 5 }, output: { width: 7, height: 5 }, rowPixels: 7, bgra: false },
    { tensor: { width: 16, height: 12 }, output: { width: 13, height: 9 }, rowPixels: 64, bgra: true },
    { tensor: { width: 12, height: 8 }, output: { width: 9, height: 7 }, rowPixels: 9, bgra: false },
    { tensor: { width: 20, height: 16 }, output: { width: 7, height: 5 }, rowPixels: 64, bgra: false, origin: { x: 8, y: 6 } }, // a tile's core
  ];
  for (const layout of layouts) {
    for (const withAlpha of [false, true]) {
      const { tensor: t, output, origin } = layout;
      gpuIt(
        `${t.width}×${t.height} → ${output.width}×${output.height}${origin ? ` at (${origin.x}, ${origin.y})` : ''} (pitch ${layout.rowPixels})${layout.bgra ? ', BGRA' : ''}${withAlpha ? ', alpha from a plane, content colour kept' : ', opaque, colour step off'}`,
        async ({ device }) => {
          // Values outside [0,1] check the clamp; 0.5/255 sits between two codes, where either rounding is right.
          const values = seededValues(3 * t.width * t.height, t.width + 11, -0.25, 1.25);
          values[0] = 0.5 / 255; // red of pixel (0, 0)
          const rgb = tensor(3, t.height, t.width, values);
          const alpha = withAlpha ? seededValues(t.width * t.height, t.height + 5, 0, 1) : undefined;
          const content = tensor(3, t.height, t.width, seededValues(3 * t.width * t.height, t.width + 3, 0, 1));
          const expected = tensorToLayout(withAlpha ? preserveColor(rgb, content) : rgb, layout, alpha);
          const inputs = [rgb.data, content.data, ...(alpha ? [alpha] : [])];
          // With alpha, the colour step runs too (its switch on in the controls); without, it is compiled in and off.
          const controls = new Uint32Array(controlsBytes({ strength: 1, preserveColor: withAlpha }));
          const actual = new Uint32Array(
            await runKernel(
              device,
              (k, [input, c, a], pixels) =>
                tensorToImage(k, 'to_image', layout, input!, pixels, {
                  alpha: a,
                  color: { content: c!, controls: createStorageBuffer(device, 'controls', controls) },
                }),
              inputs,
              4 * expected.length,
            ),
          );
          for (let y = 0; y < output.height; y++) {
            for (let x = 0; x < output.width; x++) {
              const i = y * layout.rowPixels + x;
              const [a, e] = [actual[i]!, expected[i]!];
              const halfway = y === 0 && x === 0;
              for (let byte = 0; byte < 4; byte++) {
                const diff = Math.abs(((a >>> (8 * byte)) & 0xff) - ((e >>> (8 * byte)) & 0xff));
                if (diff > (halfway ? 1 : 0)) throw new Error(`tensor_to_image: pixel (${x}, ${y}) is ${a.toString(16)}, expected ${e.toString(16)}`);
              }
            }
          }
        },
      );
    }
  }
});
