// maxpool_grad: the gradient through 2x2 max pooling (stride 2, floor) of a ReLU's output: each pooled gradient goes
// to the first maximum of its 2×2 block (row-major order: ties go to the first), every other position and the
// dropped odd last row or column get 0, and positions where the ReLU output is 0 get 0 (its mask).
// Layouts: activation (the ReLU's output, before pooling) and grad_in [channels, height, width] f32; grad_pooled
// [channels, ⌊height/2⌋, ⌊width/2⌋]. One invocation per unpooled value; dispatch: x, y over the pixels, z channels.

override WORKGROUP_X: u32 = 16u;
override WORKGROUP_Y: u32 = 4u;

struct Params {
  channels: u32,
  height: u32,
  width: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> activation: array<f32>;
@group(0) @binding(2) var<storage, read> grad_pooled: array<f32>;
@group(0) @binding(3) var<storage, read_write> grad_in: array<f32>;

@compute @workgroup_size(WORKGROUP_X, WORKGROUP_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= params.width || id.y >= params.height || id.z >= params.channels) {
    return;
  }
  let plane = params.height * params.width;
  let i = id.z * plane + id.y * params.width + id.x;
  let ph = params.height / 2u;
  let pw = params.width / 2u;
  let block = vec2u(id.x / 2u, id.y / 2u);
  var g = 0.0;
  if (block.x < pw && block.y < ph && activation[i] > 0.0) {
    let corner = id.z * plane + 2u * block.y * params.width + 2u * block.x;
    var first = corner;
    var best = activation[corner];
    for (var k = 1u; k < 4u; k++) {
      let j = corner + (k / 2u) * params.width + (k % 2u);
      if (activation[j] > best) {
        best = activation[j];
        first = j;
      }
    }
    if (first == i) {
      g = grad_pooled[(id.z * ph + block.y) * pw + block.x];
    }
  }
  grad_in[i] = g;
}
