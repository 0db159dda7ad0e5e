// conv3x3_tiled: the same convolution as conv3x3.wgsl (stride 1, reflection padding 1, + bias, optional ReLU,
// optional UPSAMPLE_INPUT; no pooling) as an implicit GEMM tiled through workgroup memory, the shape GPUs want:
// a workgroup computes an 8×8 block of output pixels × 64 output channels. Per step of CHUNK input channels
// (K = CHUNK × 9 taps) its 64 invocations stage the block's im2col rows (each invocation gathers the 9 reflected taps
// of one pixel) and the matching weights in workgroup memory, then each computes its register tile of 4 pixels (a
// row of 4) × 16 channels (4 vec4 groups) from there. Every input value is read from memory once per channel tile
// instead of once per invocation that needs it, and every weight once per workgroup.
//
// Layouts: as conv3x3.wgsl (input [in_channels, input_height, input_width], output [out_channels, height, width],
// weights [in_channels × 9][out_groups] vec4 and bias [out_groups] vec4, packed by src/kernels/conv3x3.ts).
// Dispatch (src/kernels/conv3x3.ts): workgroups x = one per TILE_GROUPS output groups; y, z = ⌈width / 8⌉ ×
// ⌈height / 8⌉ blocks.

const BLOCK: u32 = 8u; // the block of output pixels is BLOCK × BLOCK
const TILE_GROUPS: u32 = 16u; // vec4 groups of output channels per workgroup (64 channels)
const CHUNK: u32 = 3u; // input channels staged per step: 27 rows of K, 13.5 KiB of workgroup memory
const ROWS: u32 = CHUNK * 9u;
const QUADS: u32 = BLOCK * BLOCK / 4u; // pixel quads of the block (a row of 4 pixels each)
const WORKGROUP: u32 = 64u; // one invocation per staged pixel, and per (quad, 4 output groups) computed

override RELU: bool = true;
override UPSAMPLE_INPUT: bool = false;

struct Params {
  in_channels: u32,
  height: u32,
  width: u32,
  out_channels: u32,
  out_groups: u32, // padded out channels / 4
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read> weights: array<vec4f>;
@group(0) @binding(3) var<storage, read> bias: array<vec4f>;
@group(0) @binding(4) var<storage, read_write> output: array<f32>;

// Every read of weights goes through here: with precision 'f16' they are stored as vec4h and widened to f32
// (src/kernels/halfFloat.ts rewrites this function and the binding).
fn weights_at(i: u32) -> vec4f {
  return weights[i];
}

// pixels[row · QUADS + quad][i]: the K row's value for pixel i of the quad.
var<workgroup> pixels: array<vec4f, ROWS * QUADS>;
// taps[row · TILE_GROUPS + group]: the K row's weights for the tile's output group.
var<workgroup> taps: array<vec4f, ROWS * TILE_GROUPS>;

// Reflection about the border for i in [-1, n]; a size-1 axis reads its only element.
fn reflect_index(i: i32, n: i32) -> u32 {
  var r = select(i, -i, i < 0);
  r = select(r, 2 * n - 2 - r, r >= n);
  return u32(clamp(r, 0, n - 1));
}

fn stored(i: u32) -> u32 {
  return select(i, i / 2u, UPSAMPLE_INPUT);
}

fn activate(v: vec4f) -> vec4f {
  return select(v, max(v, vec4f(0.0)), RELU);
}

// Stores 4 output channels (channel0 …) of one output pixel.
fn store(channel0: u32, x: u32, y: u32, v: vec4f) {
  let plane = params.width * params.height;
  for (var k = 0u; k < 4u; k++) {
    if (x < params.width && y < params.height && channel0 + k < params.out_channels) {
      output[(channel0 + k) * plane + y * params.width + x] = v[k];
    }
  }
}

@compute @workgroup_size(WORKGROUP)
fn main(@builtin(workgroup_id) workgroup: vec3u, @builtin(local_invocation_index) local: u32) {
  let width = params.width;
  let height = params.height;
  let in_width = select(width, (width + 1u) / 2u, UPSAMPLE_INPUT);
  let plane = in_width * select(height, (height + 1u) / 2u, UPSAMPLE_INPUT);
  let group_base = workgroup.x * TILE_GROUPS;
  let block_x = workgroup.y * BLOCK;
  let block_y = workgroup.z * BLOCK;

  // The pixel this invocation stages (pixels past the edge stage a clamped neighbour and are never stored), and
  // its 9 source offsets in a channel plane.
  let stage_x = min(block_x + local % BLOCK, width - 1u);
  let stage_y = min(block_y + local / BLOCK, height - 1u);
  var offsets: array<u32, 9>;
  for (var tap = 0u; tap < 9u; tap++) {
    let sy = stored(reflect_index(i32(stage_y) + i32(tap / 3u) - 1, i32(height)));
    let sx = stored(reflect_index(i32(stage_x) + i32(tap % 3u) - 1, i32(width)));
    offsets[tap] = sy * in_width + sx;
  }
  let stage_quad = local / 4u;
  let stage_lane = local % 4u;

  // The register tile this invocation computes: quad (a row of 4 pixels) × 4 output groups.
  let quad = local % QUADS;
  let group0 = (local / QUADS) * 4u; // within the tile

  // a<pixel><group>
  var a00 = vec4f(0.0); var a01 = vec4f(0.0); var a02 = vec4f(0.0); var a03 = vec4f(0.0);
  var a10 = vec4f(0.0); var a11 = vec4f(0.0); var a12 = vec4f(0.0); var a13 = vec4f(0.0);
  var a20 = vec4f(0.0); var a21 = vec4f(0.0); var a22 = vec4f(0.0); var a23 = vec4f(0.0);
  var a30 = vec4f(0.0); var a31 = vec4f(0.0); var a32 = vec4f(0.0); var a33 = vec4f(0.0);

  for (var c0 = 0u; c0 < params.in_channels; c0 += CHUNK) {
    // Stage. Channels past the last stage the last one again and rows of zero weights, output groups past the
    // padded count zero weights.
    for (var c = 0u; c < CHUNK; c++) {
      let channel_start = min(c0 + c, params.in_channels - 1u) * plane;
      for (var tap = 0u; tap < 9u; tap++) {
        pixels[(c * 9u + tap) * QUADS + stage_quad][stage_lane] = input[channel_start + offsets[tap]];
      }
    }
    for (var i = local; i < ROWS * TILE_GROUPS; i += WORKGROUP) {
      let row = c0 * 9u + i / TILE_GROUPS;
      let group = group_base + i % TILE_GROUPS;
      let inside = row < params.in_channels * 9u && group < params.out_groups;
      taps[i] = select(vec4f(0.0), weights_at(min(row * params.out_groups + group, arrayLength(&weights) - 1u)), inside);
    }
    workgroupBarrier();

    for (var row = 0u; row < ROWS; row++) {
      let p = pixels[row * QUADS + quad];
      let t = row * TILE_GROUPS + group0;
      let w0 = taps[t];
      let w1 = taps[t + 1u];
      let w2 = taps[t + 2u];
      let w3 = taps[t + 3u];
      let p0 = vec4f(p.x);
      let p1 = vec4f(p.y);
      let p2 = vec4f(p.z);
      let p3 = vec4f(p.w);
      a00 = fma(p0, w0, a00); a01 = fma(p0, w1, a01); a02 = fma(p0, w2, a02); a03 = fma(p0, w3, a03);
      a10 = fma(p1, w0, a10); a11 = fma(p1, w1, a11); a12 = fma(p1, w2, a12); a13 = fma(p1, w3, a13);
      a20 = fma(p2, w0, a20); a21 = fma(p2, w1, a21); a22 = fma(p2, w2, a22); a23 = fma(p2, w3, a23);
      a30 = fma(p3, w0, a30); a31 = fma(p3, w1, a31); a32 = fma(p3, w2, a32); a33 = fma(p3, w3, a33);
    }
    workgroupBarrier();
  }

  let group = group_base + group0;
  if (group >= params.out_groups) {
    return; // after the last barrier: the whole tile of groups is padding
  }
  let b0 = bias[group];
  let b1 = bias[group + 1u];
  let b2 = bias[group + 2u];
  let b3 = bias[group + 3u];
  let ch = group * 4u;
  let x = block_x + (quad % 2u) * 4u;
  let y = block_y + quad / 2u;
  store(ch, x, y, activate(a00 + b0)); store(ch + 4u, x, y, activate(a01 + b1));
  store(ch + 8u, x, y, activate(a02 + b2)); store(ch + 12u, x, y, activate(a03 + b3));
  store(ch, x + 1u, y, activate(a10 + b0)); store(ch + 4u, x + 1u, y, activate(a11 + b1));
  store(ch + 8u, x + 1u, y, activate(a12 + b2)); store(ch + 12u, x + 1u, y, activate(a13 + b3));
  store(ch, x + 2u, y, activate(a20 + b0)); store(ch + 4u, x + 2u, y, activate(a21 + b1));
  store(ch + 8u, x + 2u, y, activate(a22 + b2)); store(ch + 12u, x + 2u, y, activate(a23 + b3));
  store(ch, x + 3u, y, activate(a30 + b0)); store(ch + 4u, x + 3u, y, activate(a31 + b1));
  store(ch + 8u, x + 3u, y, activate(a32 + b2)); store(ch + 12u, x + 3u, y, activate(a33 + b3));
}
