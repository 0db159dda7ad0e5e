// upsample2x: nearest-neighbour upsampling ×2.
// Layouts: input [channels, height, width] f32 → output [channels, 2·height, 2·width] f32.
// One invocation per output value; dispatch (src/kernels/upsample2x.ts): x, y over the output, z over channels.

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
  let out_width = 2u * params.width;
  let out_height = 2u * params.height;
  if (id.x >= out_width || id.y >= out_height || id.z >= params.channels) {
    return;
  }
  let source = (id.z * params.height + id.y / 2u) * params.width + id.x / 2u;
  output[(id.z * out_height + id.y) * out_width + id.x] = input[source];
}
