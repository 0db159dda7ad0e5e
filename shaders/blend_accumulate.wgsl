// blend_accumulate: adds one style's swapped features into the weighted sums of a style mix:
//   acc += w·m·F,   den += w·m     (m the style's mask at this pixel, 1 without MASK; w its weight)
// The first style (params.first = 1) assigns instead of adding. `weight_bits` holds w's f32 bits.
// Layouts: swapped and acc [channels, pixels] f32, den and mask [pixels] f32.
// One invocation per value; dispatch (src/kernels/blend.ts): x over the pixels, y over the channels.

override WORKGROUP_SIZE: u32 = 64u;
override MASK: bool = false;

struct Params {
  pixels: u32,
  channels: u32,
  first: u32,
  weight_bits: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> swapped: array<f32>;
@group(0) @binding(2) var<storage, read> mask: array<f32>;
@group(0) @binding(3) var<storage, read_write> acc: array<f32>;
@group(0) @binding(4) var<storage, read_write> den: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE, 1, 1)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let p = id.x;
  if (p >= params.pixels || id.y >= params.channels) {
    return;
  }
  var w = bitcast<f32>(params.weight_bits);
  if (MASK) {
    w *= mask[p];
  }
  let i = id.y * params.pixels + p;
  let first = params.first != 0u;
  acc[i] = select(acc[i], 0.0, first) + w * swapped[i];
  if (id.y == 0u) {
    den[p] = select(den[p], 0.0, first) + w;
  }
}
