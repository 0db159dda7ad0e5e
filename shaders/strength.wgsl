// strength: blends the content features back into the swapped ones, for the inverse net:
//   mixed = α·swapped + (1 − α)·content,   α = controls.strength ∈ [0, 1]
// (α = 1 gives the swapped features, bit for bit). α is read at run time from the controls buffer, which the caller
// writes before each run, so one plan serves every strength, and both inputs stay as they are for the next render.
// Layouts: content, swapped and mixed [channels, pixels] f32; controls { strength: f32, preserve_color: u32 }.
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
@group(0) @binding(3) var<storage, read> swapped: array<f32>;
@group(0) @binding(4) var<storage, read_write> mixed: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE, 1, 1)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= params.pixels || id.y >= params.channels) {
    return;
  }
  let i = id.y * params.pixels + id.x;
  let a = controls.strength;
  mixed[i] = a * swapped[i] + (1.0 - a) * content[i];
}
