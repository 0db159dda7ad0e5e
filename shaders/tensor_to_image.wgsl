// tensor_to_image: planar RGB ([3, tensor_height, tensor_width] f32) → RGBA8 pixels of its out_width × out_height
// window at (tensor_x, tensor_y) (the crop drops the encoder's padding, or keeps a tile's core): each channel
// clamped to [0,1], ×255, rounded to nearest; alpha 255, or with ALPHA the `alpha` plane ([tensor_height,
// tensor_width] f32, from image_to_tensor) the same way. With COLOR, when controls.preserve_color is set, the colour step keeps the stylized luminance and restores
// the content's chroma: out = clamp(c + (lum(y) − lum(c))), y the clamped RGB, c the content's RGB (`content`,
// laid out like `input`), lum = 0.299 R + 0.587 G + 0.114 B. Output: one u32 per pixel, red in the low byte (blue with BGRA), rows out_row_pixels apart
// (texture copies need rows padded to 256 bytes). One invocation per output pixel; dispatch
// (src/kernels/tensorToImage.ts): x, y over the output.

override WORKGROUP_X: u32 = 16u;
override WORKGROUP_Y: u32 = 4u;
override BGRA: bool = false;
override ALPHA: bool = false;
override COLOR: bool = false;

struct Params {
  tensor_width: u32,
  tensor_height: u32,
  out_width: u32,
  out_height: u32,
  out_row_pixels: u32,
  tensor_x: u32,
  tensor_y: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read_write> pixels: array<u32>;
@group(0) @binding(3) var<storage, read> alpha: array<f32>;
@group(0) @binding(4) var<storage, read> content: array<f32>;
@group(0) @binding(5) var<storage, read> controls: Controls;

struct Controls {
  strength: f32,
  preserve_color: u32,
}

fn luma(rgb: vec3f) -> f32 {
  return dot(rgb, vec3f(0.299, 0.587, 0.114));
}

@compute @workgroup_size(WORKGROUP_X, WORKGROUP_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= params.out_width || id.y >= params.out_height) {
    return;
  }
  let plane = params.tensor_width * params.tensor_height;
  let i = (id.y + params.tensor_y) * params.tensor_width + id.x + params.tensor_x;
  var rgb = clamp(vec3f(input[i], input[plane + i], input[2u * plane + i]), vec3f(0.0), vec3f(1.0));
  if (COLOR && controls.preserve_color != 0u) {
    let c = vec3f(content[i], content[plane + i], content[2u * plane + i]);
    rgb = clamp(c + (luma(rgb) - luma(c)), vec3f(0.0), vec3f(1.0));
  }
  if (BGRA) {
    rgb = rgb.zyx;
  }
  var a = 1.0;
  if (ALPHA) {
    a = alpha[i];
  }
  pixels[id.y * params.out_row_pixels + id.x] = pack4x8unorm(vec4f(rgb, a));
}
