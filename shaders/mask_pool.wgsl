// mask_pool: a style's mask at feature resolution. Input: the mask image as image_to_tensor leaves it (planar RGB
// [3, height, width] in [0,1], already box-filtered to the content's scaled size and reflection-padded like it).
// Output [height/4, width/4] f32: the mean over each 4×4 block of BT.601 luma (0.299 R + 0.587 G + 0.114 B).
// One invocation per output value; dispatch (src/kernels/blend.ts): x, y over the feature map.

override WORKGROUP_X: u32 = 16u;
override WORKGROUP_Y: u32 = 4u;

struct Params {
  width: u32,
  height: u32,
  out_width: u32,
  out_height: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> rgb: array<f32>;
@group(0) @binding(2) var<storage, read_write> mask: array<f32>;

@compute @workgroup_size(WORKGROUP_X, WORKGROUP_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= params.out_width || id.y >= params.out_height) {
    return;
  }
  let plane = params.width * params.height;
  var sum = 0.0;
  for (var dy = 0u; dy < 4u; dy++) {
    for (var dx = 0u; dx < 4u; dx++) {
      let i = (4u * id.y + dy) * params.width + 4u * id.x + dx;
      sum += dot(vec3f(rgb[i], rgb[plane + i], rgb[2u * plane + i]), vec3f(0.299, 0.587, 0.114));
    }
  }
  mask[id.y * params.out_width + id.x] = sum / 16.0;
}
