// conv3x3: 3x3 convolution, stride 1, reflection padding 1, + bias, optional ReLU, as an implicit GEMM, with two
// optional fusions that keep full-resolution tensors out of memory:
//   POOL: 2x2 max pooling (stride 2, floor) in the epilogue; the tile's 4 pixels are a 2×2 block.
//   UPSAMPLE_INPUT: the input is read through a nearest ×2 upsampling (virtual pixel (y, x) = stored (y/2, x/2)).
//
// GEMM view: M = output pixels, N = output channels, K = input channels × 9 taps. Each invocation owns a register
// tile of 4 pixels (a row of 4, or a 2×2 block with POOL) × 16 output channels (4 vec4 groups) and walks all of K:
// per (channel, tap) it loads 4 input values (offsets precomputed per tap, reflected at the borders) and 4 vec4s of
// weights, then does 16 vec4 FMAs. The accumulators are named variables, not an array: software Vulkan (lavapipe)
// keeps named values in registers but spills indexed arrays. No workgroup memory and no barriers. The output-channel
// group comes from workgroup_id, so weight addresses are uniform across a workgroup (lavapipe loads them once).
//
// Layouts: input [in_channels, input_height, input_width] f32 (half the conv size with UPSAMPLE_INPUT); output
// [out_channels, height, width] f32, or [out_channels, ⌊height/2⌋, ⌊width/2⌋] with POOL; weights
// [in_channels × 9][out_groups] vec4 (out channels padded to a multiple of 16 with zeros, packed by
// src/kernels/conv3x3.ts); bias [out_groups] vec4, padded the same way.
// Dispatch (src/kernels/conv3x3.ts): x = one workgroup per GROUPS output groups (fastest, so consecutive workgroups
// reuse the same input rows from cache); y, z cover the tiles of the output: ⌈width / 4⌉ × height, or with POOL
// ⌊width / 2⌋ × ⌊height / 2⌋.

const PIXELS: u32 = 4u; // pixels per invocation: a row of 4, or a 2×2 block with POOL (named accumulators below)
const GROUPS: u32 = 4u; // vec4 groups of output channels per invocation

override WORKGROUP_X: u32 = 8u;
override WORKGROUP_Y: u32 = 1u;
override RELU: bool = true;
override POOL: bool = false;
override UPSAMPLE_INPUT: bool = false;

struct Params {
  in_channels: u32,
  height: u32, // the convolution's size (output before pooling)
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

// Reflection about the border for i in [-1, n]; a size-1 axis reads its only element.
fn reflect_index(i: i32, n: i32) -> u32 {
  var r = select(i, -i, i < 0);
  r = select(r, 2 * n - 2 - r, r >= n);
  return u32(clamp(r, 0, n - 1));
}

// The stored row or column that virtual coordinate i (already reflected) reads.
fn stored(i: u32) -> u32 {
  return select(i, i / 2u, UPSAMPLE_INPUT);
}

fn input_width() -> u32 {
  return select(params.width, (params.width + 1u) / 2u, UPSAMPLE_INPUT);
}

fn input_height() -> u32 {
  return select(params.height, (params.height + 1u) / 2u, UPSAMPLE_INPUT);
}

fn activate(v: vec4f) -> vec4f {
  return select(v, max(v, vec4f(0.0)), RELU);
}

// Stores 4 output channels (channel0 …) of one output pixel.
fn store(channel0: u32, x: u32, y: u32, out_width: u32, out_height: u32, v: vec4f) {
  let plane = out_width * out_height;
  for (var k = 0u; k < 4u; k++) {
    if (x < out_width && y < out_height && channel0 + k < params.out_channels) {
      output[(channel0 + k) * plane + y * out_width + x] = v[k];
    }
  }
}

@compute @workgroup_size(1, WORKGROUP_X, WORKGROUP_Y)
fn main(@builtin(global_invocation_id) id: vec3u, @builtin(workgroup_id) workgroup: vec3u) {
  let width = params.width;
  let height = params.height;
  let group0 = workgroup.x * GROUPS;
  // The tile's 4 pixels: (px[i], py[i]).
  var px: vec4u;
  var py: vec4u;
  if (POOL) {
    px = vec4u(2u * id.y) + vec4u(0u, 1u, 0u, 1u);
    py = vec4u(2u * id.z) + vec4u(0u, 0u, 1u, 1u);
    if (2u * id.y + 1u >= width || 2u * id.z + 1u >= height) {
      return;
    }
  } else {
    px = vec4u(PIXELS * id.y) + vec4u(0u, 1u, 2u, 3u);
    py = vec4u(id.z);
    if (px.x >= width || py.x >= height) {
      return;
    }
  }
  let in_width = input_width();
  let W = i32(width);
  let H = i32(height);
  // Offsets of each tap's source for the 4 pixels: row part by dy, column part by dx.
  var rows: array<vec4u, 3>;
  var cols: array<vec4u, 3>;
  for (var d = 0; d < 3; d++) {
    for (var i = 0; i < 4; i++) {
      rows[d][i] = stored(reflect_index(i32(py[i]) + d - 1, H)) * in_width;
      cols[d][i] = stored(reflect_index(i32(px[i]) + d - 1, W));
    }
  }
  let r0 = rows[0]; let r1 = rows[1]; let r2 = rows[2];
  let x0 = cols[0]; let x1 = cols[1]; let x2 = cols[2];

  // a<pixel><group>
  var a00 = vec4f(0.0); var a01 = vec4f(0.0); var a02 = vec4f(0.0); var a03 = vec4f(0.0);
  var a10 = vec4f(0.0); var a11 = vec4f(0.0); var a12 = vec4f(0.0); var a13 = vec4f(0.0);
  var a20 = vec4f(0.0); var a21 = vec4f(0.0); var a22 = vec4f(0.0); var a23 = vec4f(0.0);
  var a30 = vec4f(0.0); var a31 = vec4f(0.0); var a32 = vec4f(0.0); var a33 = vec4f(0.0);

  let plane = in_width * input_height();
  var w_index = group0; // weights[(c · 9 + tap) · out_groups + group0 + g]
  for (var c = 0u; c < params.in_channels; c++) {
    let channel_start = vec4u(c * plane);
    for (var tap = 0u; tap < 9u; tap++) {
      let dy = tap / 3u;
      let dx = tap % 3u;
      let o = channel_start + select(select(r2, r1, dy == 1u), r0, dy == 0u) + select(select(x2, x1, dx == 1u), x0, dx == 0u);
      let p0 = vec4f(input[o.x]);
      let p1 = vec4f(input[o.y]);
      let p2 = vec4f(input[o.z]);
      let p3 = vec4f(input[o.w]);
      let w0 = weights_at(w_index);
      let w1 = weights_at(w_index + 1u);
      let w2 = weights_at(w_index + 2u);
      let w3 = weights_at(w_index + 3u);
      w_index += params.out_groups;
      a00 = fma(p0, w0, a00); a01 = fma(p0, w1, a01); a02 = fma(p0, w2, a02); a03 = fma(p0, w3, a03);
      a10 = fma(p1, w0, a10); a11 = fma(p1, w1, a11); a12 = fma(p1, w2, a12); a13 = fma(p1, w3, a13);
      a20 = fma(p2, w0, a20); a21 = fma(p2, w1, a21); a22 = fma(p2, w2, a22); a23 = fma(p2, w3, a23);
      a30 = fma(p3, w0, a30); a31 = fma(p3, w1, a31); a32 = fma(p3, w2, a32); a33 = fma(p3, w3, a33);
    }
  }

  let b0 = bias[group0];
  let b1 = bias[group0 + 1u];
  let b2 = bias[group0 + 2u];
  let b3 = bias[group0 + 3u];
  let ch = group0 * 4u;
  if (POOL) {
    // max then ReLU = ReLU then max; the bias is shared by the block.
    let ow = width / 2u;
    let oh = height / 2u;
    store(ch, id.y, id.z, ow, oh, activate(max(max(a00, a10), max(a20, a30)) + b0));
    store(ch + 4u, id.y, id.z, ow, oh, activate(max(max(a01, a11), max(a21, a31)) + b1));
    store(ch + 8u, id.y, id.z, ow, oh, activate(max(max(a02, a12), max(a22, a32)) + b2));
    store(ch + 12u, id.y, id.z, ow, oh, activate(max(max(a03, a13), max(a23, a33)) + b3));
  } else {
    let y = py.x;
    store(ch, px.x, y, width, height, activate(a00 + b0)); store(ch + 4u, px.x, y, width, height, activate(a01 + b1));
    store(ch + 8u, px.x, y, width, height, activate(a02 + b2)); store(ch + 12u, px.x, y, width, height, activate(a03 + b3));
    store(ch, px.y, y, width, height, activate(a10 + b0)); store(ch + 4u, px.y, y, width, height, activate(a11 + b1));
    store(ch + 8u, px.y, y, width, height, activate(a12 + b2)); store(ch + 12u, px.y, y, width, height, activate(a13 + b3));
    store(ch, px.z, y, width, height, activate(a20 + b0)); store(ch + 4u, px.z, y, width, height, activate(a21 + b1));
    store(ch + 8u, px.z, y, width, height, activate(a22 + b2)); store(ch + 12u, px.z, y, width, height, activate(a23 + b3));
    store(ch, px.w, y, width, height, activate(a30 + b0)); store(ch + 4u, px.w, y, width, height, activate(a31 + b1));
    store(ch + 8u, px.w, y, width, height, activate(a32 + b2)); store(ch + 12u, px.w, y, width, height, activate(a33 + b3));
  }
}
