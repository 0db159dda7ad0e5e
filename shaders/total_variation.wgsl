// total_variation: adds the gradient of λ·TV(I) to `grad`, where over the image's width × height (the rest of the
// padded planes is padding, not image)
//   TV(I) = Σ (I[c, y, x+1] − I[c, y, x])² + (I[c, y+1, x] − I[c, y, x])²,
// so ∂/∂I[c, y, x] = 2 ((I[x] − I[x−1]) − (I[x+1] − I[x]) + (I[y] − I[y−1]) − (I[y+1] − I[y])), each difference only
// where both pixels are in the image. Each workgroup also writes its share of TV(I) (not × λ) to partial[workgroup].
// Layouts: image and grad [3, padded_height, padded_width] f32; partial [workgroups] f32; settings { tv_weight: f32 }.
// One invocation per image value; dispatch: x over width × height, y over the 3 channels.

const WORKGROUP_SIZE: u32 = 64u;

struct Params {
  width: u32,
  height: u32,
  padded_width: u32,
  padded_height: u32,
}

struct Settings {
  tv_weight: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> settings: Settings;
@group(0) @binding(2) var<storage, read> image: array<f32>;
@group(0) @binding(3) var<storage, read_write> grad: array<f32>;
@group(0) @binding(4) var<storage, read_write> partial: array<f32>;

var<workgroup> sums: array<f32, WORKGROUP_SIZE>;

@compute @workgroup_size(WORKGROUP_SIZE, 1, 1)
fn main(@builtin(global_invocation_id) id: vec3u, @builtin(local_invocation_index) lane: u32, @builtin(workgroup_id) group: vec3u, @builtin(num_workgroups) groups: vec3u) {
  var tv = 0.0;
  if (id.x < params.width * params.height) {
    let x = id.x % params.width;
    let y = id.x / params.width;
    let i = (id.y * params.padded_height + y) * params.padded_width + x;
    let v = image[i];
    var g = 0.0;
    if (x + 1u < params.width) {
      let d = image[i + 1u] - v;
      g -= 2.0 * d;
      tv += d * d;
    }
    if (x > 0u) {
      g += 2.0 * (v - image[i - 1u]);
    }
    if (y + 1u < params.height) {
      let d = image[i + params.padded_width] - v;
      g -= 2.0 * d;
      tv += d * d;
    }
    if (y > 0u) {
      g += 2.0 * (v - image[i - params.padded_width]);
    }
    grad[i] += settings.tv_weight * g;
  }
  sums[lane] = tv;
  workgroupBarrier();
  for (var half = WORKGROUP_SIZE / 2u; half > 0u; half /= 2u) {
    if (lane < half) {
      sums[lane] += sums[lane + half];
    }
    workgroupBarrier();
  }
  if (lane == 0u) {
    partial[group.y * groups.x + group.x] = sums[0];
  }
}
