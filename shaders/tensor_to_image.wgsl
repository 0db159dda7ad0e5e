// tensor_to_image: planar RGB ([3, height, width] f32) → RGBA8 pixels: each channel clamped to [0,1], ×255,
// rounded to nearest; alpha 255. Output: one u32 per pixel, red in the low byte (pack4x8unorm).
// One invocation per pixel; dispatch (src/kernels/tensor_to_image.ts): x, y over the image.

override WORKGROUP_X: u32 = 16u;
override WORKGROUP_Y: u32 = 4u;

struct Params {
  height: u32,
  width: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read_write> pixels: array<u32>;

@compute @workgroup_size(WORKGROUP_X, WORKGROUP_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= params.width || id.y >= params.height) {
    return;
  }
  let i = id.y * params.width + id.x;
  let plane = params.width * params.height;
  let rgb = vec3f(input[i], input[plane + i], input[2u * plane + i]);
  pixels[i] = pack4x8unorm(vec4f(clamp(rgb, vec3f(0.0), vec3f(1.0)), 1.0));
}
