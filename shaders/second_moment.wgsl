// second_moment: the style's uncentred channel second moment in the match space,
//   moment[a][b] = Σ_q weighted_style[a][q] · weighted_style[b][q],
// whose leading eigenvectors become the approximate match's projection (src/model/principalBasis.ts, on the CPU:
// a 256 × 256 matrix, once per prepared style and match options).
// Each invocation owns a 4 × 4 block of channels; per step it loads one vec4 of pixels from each of its 8 rows and
// adds 16 dot products. The padded pixels are zeros (weight_style.wgsl), so they add nothing.
//
// Layouts: weighted_style [channels][style_groups] vec4; moment [channels][channels] f32.
// Dispatch (src/kernels/approximateMatch.ts): x covers ⌈channels / 4⌉ column blocks, y as many row blocks.

override WORKGROUP_SIZE: u32 = 8u;

struct Params {
  channels: u32,
  style_groups: u32, // padded style pixels / 4
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> weighted_style: array<vec4f>;
@group(0) @binding(2) var<storage, read_write> moment: array<f32>;

fn store(a: u32, b0: u32, v: vec4f) {
  if (a >= params.channels) {
    return;
  }
  for (var i = 0u; i < 4u; i++) {
    if (b0 + i < params.channels) {
      moment[a * params.channels + b0 + i] = v[i];
    }
  }
}

@compute @workgroup_size(WORKGROUP_SIZE, WORKGROUP_SIZE, 1)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let a0 = id.y * 4u;
  let b0 = id.x * 4u;
  if (a0 >= params.channels || b0 >= params.channels) {
    return;
  }
  let last = params.channels - 1u; // rows past the last channel read a copy of it, never stored
  let ra = vec4u(a0, min(a0 + 1u, last), min(a0 + 2u, last), min(a0 + 3u, last)) * params.style_groups;
  let rb = vec4u(b0, min(b0 + 1u, last), min(b0 + 2u, last), min(b0 + 3u, last)) * params.style_groups;
  var m0 = vec4f(0.0); var m1 = vec4f(0.0); var m2 = vec4f(0.0); var m3 = vec4f(0.0);
  for (var q = 0u; q < params.style_groups; q++) {
    let x0 = weighted_style[ra.x + q]; let x1 = weighted_style[ra.y + q];
    let x2 = weighted_style[ra.z + q]; let x3 = weighted_style[ra.w + q];
    let y0 = weighted_style[rb.x + q]; let y1 = weighted_style[rb.y + q];
    let y2 = weighted_style[rb.z + q]; let y3 = weighted_style[rb.w + q];
    m0 += vec4f(dot(x0, y0), dot(x0, y1), dot(x0, y2), dot(x0, y3));
    m1 += vec4f(dot(x1, y0), dot(x1, y1), dot(x1, y2), dot(x1, y3));
    m2 += vec4f(dot(x2, y0), dot(x2, y1), dot(x2, y2), dot(x2, y3));
    m3 += vec4f(dot(x3, y0), dot(x3, y1), dot(x3, y2), dot(x3, y3));
  }
  store(a0, b0, m0);
  store(a0 + 1u, b0, m1);
  store(a0 + 2u, b0, m2);
  store(a0 + 3u, b0, m3);
}
