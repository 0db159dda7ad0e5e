// adam: one Adam step on the image, then a clamp to [0, 1]:
//   m = β1 m + (1 − β1) g,  v = β2 v + (1 − β2) g²,  x = clamp(x − lr · (m c1) / (sqrt(v c2) + ε), 0, 1)
// with the bias corrections c1 = 1 / (1 − β1^t), c2 = 1 / (1 − β2^t) written per step into `step` by the caller.
// Layouts: image, grad, m, v [count] f32; step { learning_rate, beta1, beta2, epsilon, c1, c2: f32 }.
// One invocation per value; dispatch: x over the values.

const WORKGROUP_SIZE: u32 = 64u;

struct Params {
  count: u32,
}

struct Step {
  learning_rate: f32,
  beta1: f32,
  beta2: f32,
  epsilon: f32,
  c1: f32,
  c2: f32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> step: Step;
@group(0) @binding(2) var<storage, read> grad: array<f32>;
@group(0) @binding(3) var<storage, read_write> m: array<f32>;
@group(0) @binding(4) var<storage, read_write> v: array<f32>;
@group(0) @binding(5) var<storage, read_write> image: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE, 1, 1)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x >= params.count) {
    return;
  }
  let g = grad[id.x];
  let m1 = step.beta1 * m[id.x] + (1.0 - step.beta1) * g;
  let v1 = step.beta2 * v[id.x] + (1.0 - step.beta2) * g * g;
  m[id.x] = m1;
  v[id.x] = v1;
  image[id.x] = clamp(image[id.x] - step.learning_rate * (m1 * step.c1) / (sqrt(v1 * step.c2) + step.epsilon), 0.0, 1.0);
}
