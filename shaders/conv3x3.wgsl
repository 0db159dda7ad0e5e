// conv3x3: 3x3 convolution, stride 1, reflection padding 1, + bias, optional ReLU, as an implicit GEMM.
//
// GEMM view: M = output pixels, N = output channels, K = input channels × 9 taps. Each invocation owns a register
// tile of 4 consecutive pixels of one row × 16 output channels (4 vec4 groups) and walks all of K: per
// (channel, tap) it loads 4 input values (reflected at the borders; offsets precomputed per tap) and 4 vec4s of
// weights, then does 16 vec4 FMAs. The accumulators are named variables, not an array: software Vulkan
// (lavapipe) keeps named values in registers but spills indexed arrays. No workgroup memory and no barriers;
// on GPUs the workgroup shares each weight load through the cache. The output-channel group comes from
// workgroup_id, so weight addresses are uniform across a workgroup (lavapipe then loads them once, not per lane).
//
// Layouts: input [in_channels, height, width] f32; output [out_channels, height, width] f32;
// weights [in_channels × 9][out_groups] vec4 (out channels padded to a multiple of 16 with zeros, packed by
// src/kernels/conv3x3.ts); bias [out_groups] vec4, padded the same way.
// Dispatch (src/kernels/conv3x3.ts): x = one workgroup per GROUPS output groups; y covers ⌈width / PIXELS⌉
// invocations, z covers height. Output groups vary fastest, so consecutive workgroups reuse the same input rows
// from cache while the (smaller) weights stay resident.

const PIXELS: u32 = 4u; // consecutive pixels per invocation
const GROUPS: u32 = 4u; // vec4 groups of output channels per invocation

override WORKGROUP_X: u32 = 8u;
override WORKGROUP_Y: u32 = 1u;
override RELU: bool = true;

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

// Reflection about the border for i in [-1, n]; a size-1 axis reads its only element.
fn reflect_index(i: i32, n: i32) -> u32 {
  var r = select(i, -i, i < 0);
  r = select(r, 2 * n - 2 - r, r >= n);
  return u32(clamp(r, 0, n - 1));
}

// Source columns of 4 pixels starting at x0, shifted by dx − 1.
fn tap_columns(x0: u32, dx: i32, width: i32) -> vec4u {
  let x = i32(x0) + dx - 1;
  return vec4u(reflect_index(x, width), reflect_index(x + 1, width), reflect_index(x + 2, width), reflect_index(x + 3, width));
}

fn store(channel0: u32, x0: u32, y: u32, value: vec4f, pixel: u32) {
  let x = x0 + pixel;
  var v = value;
  if (RELU) {
    v = max(v, vec4f(0.0));
  }
  let plane = params.width * params.height;
  for (var k = 0u; k < 4u; k++) {
    if (x < params.width && channel0 + k < params.out_channels) {
      output[(channel0 + k) * plane + y * params.width + x] = v[k];
    }
  }
}

@compute @workgroup_size(1, WORKGROUP_X, WORKGROUP_Y)
fn main(@builtin(global_invocation_id) id: vec3u, @builtin(workgroup_id) workgroup: vec3u) {
  let width = params.width;
  let height = params.height;
  let x0 = id.y * PIXELS;
  let y = id.z;
  let group0 = workgroup.x * GROUPS;
  if (x0 >= width || y >= height) {
    return;
  }
  let rows = vec3u(
    reflect_index(i32(y) - 1, i32(height)) * width,
    y * width,
    reflect_index(i32(y) + 1, i32(height)) * width,
  );
  let left = tap_columns(x0, 0, i32(width));
  let centre = tap_columns(x0, 1, i32(width));
  let right = tap_columns(x0, 2, i32(width));

  // a<pixel><group>
  var a00 = vec4f(0.0); var a01 = vec4f(0.0); var a02 = vec4f(0.0); var a03 = vec4f(0.0);
  var a10 = vec4f(0.0); var a11 = vec4f(0.0); var a12 = vec4f(0.0); var a13 = vec4f(0.0);
  var a20 = vec4f(0.0); var a21 = vec4f(0.0); var a22 = vec4f(0.0); var a23 = vec4f(0.0);
  var a30 = vec4f(0.0); var a31 = vec4f(0.0); var a32 = vec4f(0.0); var a33 = vec4f(0.0);

  let plane = width * height;
  var w_index = group0; // weights[(c · 9 + tap) · out_groups + group0 + g]
  for (var c = 0u; c < params.in_channels; c++) {
    let channel_start = c * plane;
    for (var tap = 0u; tap < 9u; tap++) {
      let row = channel_start + rows[tap / 3u];
      let dx = tap % 3u;
      let cols = select(select(right, centre, dx == 1u), left, dx == 0u);
      let p0 = vec4f(input[row + cols.x]);
      let p1 = vec4f(input[row + cols.y]);
      let p2 = vec4f(input[row + cols.z]);
      let p3 = vec4f(input[row + cols.w]);
      let w0 = weights[w_index];
      let w1 = weights[w_index + 1u];
      let w2 = weights[w_index + 2u];
      let w3 = weights[w_index + 3u];
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
  let c0 = group0 * 4u;
  store(c0, x0, y, a00 + b0, 0u); store(c0 + 4u, x0, y, a01 + b1, 0u); store(c0 + 8u, x0, y, a02 + b2, 0u); store(c0 + 12u, x0, y, a03 + b3, 0u);
  store(c0, x0, y, a10 + b0, 1u); store(c0 + 4u, x0, y, a11 + b1, 1u); store(c0 + 8u, x0, y, a12 + b2, 1u); store(c0 + 12u, x0, y, a13 + b3, 1u);
  store(c0, x0, y, a20 + b0, 2u); store(c0 + 4u, x0, y, a21 + b1, 2u); store(c0 + 8u, x0, y, a22 + b2, 2u); store(c0 + 12u, x0, y, a23 + b3, 2u);
  store(c0, x0, y, a30 + b0, 3u); store(c0 + 4u, x0, y, a31 + b1, 3u); store(c0 + 8u, x0, y, a32 + b2, 3u); store(c0 + 12u, x0, y, a33 + b3, 3u);
}
