// maxpool2x2: 2x2 max pooling, stride 2, floor (an odd last row/column is dropped).
// Layouts: input [channels, height, width] f32 → output [channels, ⌊height/2⌋, ⌊width/2⌋] f32.
// One invocation per output value; dispatch (src/kernels/maxpool2x2.ts): x, y over the output, z over channels.

override WORKGROUP_X: u32 = 16u;
override WORKGROUP_Y: u32 = 4u;

struct Params {
  channels: u32,
  height: u32, // input
  width: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read_write> output: array<f32>;

@compute @workgroup_size(WORKGROUP_X, WORKGROUP_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let out_width = params.width / 2u;
  let out_height = params.height / 2u;
  if (id.x >= out_width || id.y >= out_height || id.z >= params.channels) {
    return;
  }
  let i = (id.z * params.height + 2u * id.y) * params.width + 2u * id.x;
  let top = max(input[i], input[i + 1u]);
  let bottom = max(input[i + params.width], input[i + params.width + 1u]);
  output[(id.z * out_height + id.y) * out_width + id.x] = max(top, bottom);
}
