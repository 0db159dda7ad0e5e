// image_to_tensor: RGBA8 pixels → planar RGB in [0,1] ([3, height, width] f32); alpha is ignored.
// Input: one u32 per pixel, row-major, red in the low byte (the bytes of an RGBA8 image read as little-endian u32).
// One invocation per pixel; dispatch (src/kernels/image_to_tensor.ts): x, y over the image.

override WORKGROUP_X: u32 = 16u;
override WORKGROUP_Y: u32 = 4u;

struct Params {
  height: u32,
  width: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> pixels: array<u32>;
@group(0) @binding(2) var<storage, read_write> output: array<f32>;

@compute @workgroup_size(WORKGROUP_X, WORKGROUP_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= params.width || id.y >= params.height) {
    return;
  }
  let i = id.y * params.width + id.x;
  let plane = params.width * params.height;
  let rgba = pixels[i];
  for (var c = 0u; c < 3u; c++) {
    output[c * plane + i] = f32((rgba >> (8u * c)) & 0xffu) / 255.0;
  }
}
