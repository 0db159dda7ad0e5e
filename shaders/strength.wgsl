// strength: blends the content features back into the swapped ones, in place:
//   swapped = α·swapped + (1 − α)·content,   α = controls.strength ∈ [0, 1]
// (α = 1 leaves the swapped features unchanged, bit for bit). α is read at run time from the controls buffer, which
// the caller writes before each run, so one plan serves every strength.
// Layouts: content and swapped [channels, pixels] f32; controls { strength: f32, preserve_color: u32 }.
// One invocation per value; dispatch (src/kernels/strength.ts): x over the pixels, y over the channels.

override WORKGROUP_SIZE: u32 = 64u;

struct Params {
  pixels: u32,
  channels: u32,
}

struct Controls {
  strength: f32,
  preserve_color: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> controls: Controls;
@group(0) @binding(2) var<storage, read> content: array<f32>;
@group(0) @binding(3) var<storage, read_write> swapped: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE, 1, 1)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= params.pixels || id.y >= params.channels) {
    return;
  }
  let i = id.y * params.pixels + id.x;
  let a = controls.strength;
  swapped[i] = a * swapped[i] + (1.0 - a) * content[i];
}
