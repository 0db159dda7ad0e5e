// feature_loss: the optimisation's feature term at relu3_1, L = Σ (f − t)², and its gradient through the ReLU that
// made f: grad = 2 (f − t) where f > 0, else 0. Each workgroup also writes the sum of its (f − t)² to
// partial[workgroup] (a tree reduction in workgroup memory), for the caller to read back and add up now and then.
// Layouts: features, target, grad [count] f32; partial [⌈count / WORKGROUP_SIZE⌉] f32. One invocation per value.

const WORKGROUP_SIZE: u32 = 256u; // so one dispatch row covers 16.7 M values (relu3_1 of a ~1 MP image)

struct Params {
  count: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> features: array<f32>;
@group(0) @binding(2) var<storage, read> target_features: array<f32>;
@group(0) @binding(3) var<storage, read_write> grad: array<f32>;
@group(0) @binding(4) var<storage, read_write> partial: array<f32>;

var<workgroup> sums: array<f32, WORKGROUP_SIZE>;

@compute @workgroup_size(WORKGROUP_SIZE, 1, 1)
fn main(@builtin(global_invocation_id) id: vec3u, @builtin(local_invocation_index) lane: u32, @builtin(workgroup_id) group: vec3u) {
  var square = 0.0;
  if (id.x < params.count) {
    let f = features[id.x];
    let d = f - target_features[id.x];
    grad[id.x] = select(0.0, 2.0 * d, f > 0.0);
    square = d * d;
  }
  sums[lane] = square;
  workgroupBarrier();
  for (var half = WORKGROUP_SIZE / 2u; half > 0u; half /= 2u) {
    if (lane < half) {
      sums[lane] += sums[lane + half];
    }
    workgroupBarrier();
  }
  if (lane == 0u) {
    partial[group.x] = sums[0];
  }
}
