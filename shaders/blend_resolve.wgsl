// blend_resolve: the style mix, F = acc / den per pixel, or the content's features where den = 0 (no style
// weighs there: every mask is black, say). Layouts: acc, content and mixed [channels, pixels] f32; den [pixels].
// One invocation per value; dispatch (src/kernels/blend.ts): x over the pixels, y over the channels.

override WORKGROUP_SIZE: u32 = 64u;

struct Params {
  pixels: u32,
  channels: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> acc: array<f32>;
@group(0) @binding(2) var<storage, read> den: array<f32>;
@group(0) @binding(3) var<storage, read> content: array<f32>;
@group(0) @binding(4) var<storage, read_write> mixed: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE, 1, 1)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let p = id.x;
  if (p >= params.pixels || id.y >= params.channels) {
    return;
  }
  let i = id.y * params.pixels + p;
  let d = den[p];
  mixed[i] = select(content[i], acc[i] / d, d > 0.0);
}
