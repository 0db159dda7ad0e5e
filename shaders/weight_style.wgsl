// weight_style: the style features in the layout the Gram GEMM reads, scaled for the match space:
//   weighted[c][q] = channel_weights[c] · style[c, q], rows padded with zeros to `padded_pixels` (a multiple of 16).
// channel_weights is caffe_scale² in VGG19 space (so that ⟨a, b⟩_w = ⟨scale·a, scale·b⟩) and 1 in normalised space.
// One invocation per (padded pixel, channel); dispatch (src/kernels/match.ts): x over padded pixels, y over channels.

override WORKGROUP_SIZE: u32 = 64u;

struct Params {
  channels: u32,
  pixels: u32,
  padded_pixels: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> style: array<f32>;
@group(0) @binding(2) var<storage, read> channel_weights: array<f32>;
@group(0) @binding(3) var<storage, read_write> weighted: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let q = id.x;
  let c = id.y;
  if (q >= params.padded_pixels || c >= params.channels) {
    return;
  }
  var v = 0.0;
  if (q < params.pixels) {
    v = channel_weights[c] * style[c * params.pixels + q];
  }
  weighted[c * params.padded_pixels + q] = v;
}
