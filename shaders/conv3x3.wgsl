// conv3x3: 3x3 convolution, stride 1, reflection padding 1, + bias, optional ReLU, as an implicit GEMM.
//
// GEMM view: M = output pixels, N = output channels, K = input channels × 9 taps. Each invocation owns a register
// tile of PIXELS consecutive pixels of one row × 4·GROUPS output channels, and walks all of K: per (channel, tap)
// it loads PIXELS input values (reflected at the borders; column/row offsets precomputed per tap) and GROUPS vec4s
// of weights, then does PIXELS × GROUPS vec4 FMAs. No workgroup memory and no barriers: CPU adapters (lavapipe,
// SwiftShader) run this well, and on GPUs the weight reads are shared through the cache by the whole workgroup.
//
// Layouts: input [in_channels, height, width] f32; output [out_channels, height, width] f32;
// weights [in_channels × 9][out_groups] vec4 (out channels padded to a multiple of 4·GROUPS with zeros, packed by
// src/kernels/conv3x3.ts); bias [out_groups] vec4, padded the same way.
// Dispatch (src/kernels/conv3x3.ts): x covers ⌈width / PIXELS⌉, y covers height, z covers out_groups / GROUPS.

override WORKGROUP_X: u32 = 16u;
override WORKGROUP_Y: u32 = 4u;
override PIXELS: u32 = 4u; // ≤ 4
override GROUPS: u32 = 2u; // ≤ 4
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

@compute @workgroup_size(WORKGROUP_X, WORKGROUP_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let width = params.width;
  let height = params.height;
  let x0 = id.x * PIXELS;
  let y = id.y;
  let group0 = id.z * GROUPS;
  if (x0 >= width || y >= height || group0 >= params.out_groups) {
    return;
  }

  // Source offsets of every tap: rows[dy] is a row start, cols[dx][i] the column of pixel i.
  var rows: array<u32, 3>;
  var cols: array<array<u32, 4>, 3>;
  for (var d = 0u; d < 3u; d++) {
    rows[d] = reflect_index(i32(y + d) - 1, i32(height)) * width;
    for (var i = 0u; i < PIXELS; i++) {
      cols[d][i] = reflect_index(i32(x0 + i + d) - 1, i32(width));
    }
  }

  var acc: array<array<vec4f, 4>, 4>; // [pixel][group]
  let plane = width * height;
  for (var c = 0u; c < params.in_channels; c++) {
    let channel_start = c * plane;
    for (var dy = 0u; dy < 3u; dy++) {
      let row = channel_start + rows[dy];
      for (var dx = 0u; dx < 3u; dx++) {
        let w_start = (c * 9u + dy * 3u + dx) * params.out_groups + group0;
        var w: array<vec4f, 4>;
        for (var g = 0u; g < GROUPS; g++) {
          w[g] = weights[w_start + g];
        }
        for (var i = 0u; i < PIXELS; i++) {
          let a = input[row + cols[dx][i]];
          for (var g = 0u; g < GROUPS; g++) {
            acc[i][g] = fma(vec4f(a), w[g], acc[i][g]);
          }
        }
      }
    }
  }

  for (var g = 0u; g < GROUPS; g++) {
    let group = group0 + g;
    let b = bias[group];
    for (var i = 0u; i < PIXELS; i++) {
      let x = x0 + i;
      var v = acc[i][g] + b;
      if (RELU) {
        v = max(v, vec4f(0.0));
      }
      for (var k = 0u; k < 4u; k++) {
        let channel = group * 4u + k;
        if (x < width && channel < params.out_channels) {
          output[channel * plane + y * width + x] = v[k];
        }
      }
    }
  }
}
