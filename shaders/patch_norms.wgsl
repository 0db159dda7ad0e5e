// patch_norms: the L2 norm of every k×k×C style window, at stride s, in the match space.
// norm_j = sqrt(Σ_c weight[c] · Σ_{dy,dx} style[c, y_j + dy, x_j + dx]²), where weight[c] is caffe_scale[c]² when
// matching in VGG19 space and 1 when matching in the encoder's normalised space.
// Layouts: style [channels, style_height, style_width] f32; channel_weights [channels] f32; norms [windows] f32.
// Window j is row-major over window positions: y_j = (j / style_cols) · stride, x_j = (j % style_cols) · stride.
// One invocation per window; dispatch (src/kernels/patchNorms.ts): x over windows.

override WORKGROUP_SIZE: u32 = 64u;
override PATCH: u32 = 3u;

struct Params {
  channels: u32,
  style_height: u32,
  style_width: u32,
  stride: u32,
  style_cols: u32,
  style_windows: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> style: array<f32>;
@group(0) @binding(2) var<storage, read> channel_weights: array<f32>;
@group(0) @binding(3) var<storage, read_write> norms: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let j = id.x;
  if (j >= params.style_windows) {
    return;
  }
  let start = (j / params.style_cols) * params.stride * params.style_width + (j % params.style_cols) * params.stride;
  let plane = params.style_height * params.style_width;
  var total = 0.0;
  for (var c = 0u; c < params.channels; c++) {
    var sum = 0.0;
    for (var dy = 0u; dy < PATCH; dy++) {
      for (var dx = 0u; dx < PATCH; dx++) {
        let v = style[c * plane + start + dy * params.style_width + dx];
        sum = fma(v, v, sum);
      }
    }
    total = fma(channel_weights[c], sum, total);
  }
  norms[j] = sqrt(total);
}
