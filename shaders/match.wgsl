// match: the fused patch match. For every content window i, the style window j that maximises
//   score(i, j) = ⟨content window i, style window j⟩_w / (norm_j + 1e-8),  ties → the lowest j,
// where ⟨a, b⟩_w = Σ_c weight[c] · Σ_{dy,dx} a · b (weight = caffe_scale² in VGG19 space, 1 in normalised space).
//
// GEMM view: M = content windows, N = style windows, K = C · k · k, read straight from both feature maps
// (implicit im2col; no patch bank). Each invocation owns WINDOWS content windows and walks its share of the style
// windows STYLE_STEP at a time, keeping WINDOWS vec4 accumulators (one score per style window in the step); the
// epilogue folds each step into a running (max, index) per content window. Scores never reach memory: the only
// outputs are one (score, index) pair per content window and split, O(nc · splits).
// The style range is split over workgroup_id.y so that a small content image still fills a large GPU; match_reduce
// picks the best split. Style addresses depend only on loop counters and workgroup_id, so they are uniform:
// lavapipe loads them once per workgroup rather than per lane.
//
// Layouts: content [channels, content_height, content_width] f32, style [channels, style_height, style_width] f32,
// channel_weights [channels], norms [style_windows], best_score / best_index [splits][content_windows].
// Window n of a map is row-major over window positions: y = (n / cols) · stride, x = (n % cols) · stride.
// Dispatch (src/kernels/match.ts): x covers ⌈content_windows / WINDOWS⌉ invocations; y = one workgroup per split.

const WINDOWS: u32 = 4u; // content windows per invocation
const STYLE_STEP: u32 = 4u; // style windows per step (one vec4 of scores)

override WORKGROUP_SIZE: u32 = 16u;
override PATCH: u32 = 3u;

struct Params {
  channels: u32,
  content_height: u32,
  content_width: u32,
  style_height: u32,
  style_width: u32,
  stride: u32,
  content_cols: u32,
  content_windows: u32,
  style_cols: u32,
  style_windows: u32,
  style_per_split: u32, // a multiple of STYLE_STEP
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> content: array<f32>;
@group(0) @binding(2) var<storage, read> style: array<f32>;
@group(0) @binding(3) var<storage, read> channel_weights: array<f32>;
@group(0) @binding(4) var<storage, read> norms: array<f32>;
@group(0) @binding(5) var<storage, read_write> best_score: array<f32>;
@group(0) @binding(6) var<storage, read_write> best_index: array<u32>;

fn content_start(i: u32) -> u32 {
  let n = min(i, params.content_windows - 1u); // windows past the end compute a copy of the last, never stored
  return (n / params.content_cols) * params.stride * params.content_width + (n % params.content_cols) * params.stride;
}

fn style_start(j: u32) -> u32 {
  let n = min(j, params.style_windows - 1u);
  return (n / params.style_cols) * params.stride * params.style_width + (n % params.style_cols) * params.stride;
}

const NEG_INF: f32 = -3.402823e38;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) id: vec3u, @builtin(workgroup_id) workgroup: vec3u) {
  let i0 = id.x * WINDOWS;
  if (i0 >= params.content_windows) {
    return;
  }
  let c0 = content_start(i0);
  let c1 = content_start(i0 + 1u);
  let c2 = content_start(i0 + 2u);
  let c3 = content_start(i0 + 3u);
  let content_plane = params.content_height * params.content_width;
  let style_plane = params.style_height * params.style_width;

  let split = workgroup.y;
  let j_begin = split * params.style_per_split;
  let j_end = min(j_begin + params.style_per_split, params.style_windows);

  var best = vec4f(NEG_INF);
  var index = vec4u(0u);
  for (var j = j_begin; j < j_end; j += STYLE_STEP) {
    let s = vec4u(style_start(j), style_start(j + 1u), style_start(j + 2u), style_start(j + 3u));
    var a0 = vec4f(0.0); // content window i0 + 0 against style windows j .. j + 3
    var a1 = vec4f(0.0);
    var a2 = vec4f(0.0);
    var a3 = vec4f(0.0);
    for (var c = 0u; c < params.channels; c++) {
      let weight = channel_weights[c];
      let content_channel = c * content_plane;
      let style_channel = c * style_plane;
      for (var dy = 0u; dy < PATCH; dy++) {
        let content_row = content_channel + dy * params.content_width;
        let style_row = style_channel + dy * params.style_width;
        for (var dx = 0u; dx < PATCH; dx++) {
          let sr = style_row + dx;
          let sv = weight * vec4f(style[sr + s.x], style[sr + s.y], style[sr + s.z], style[sr + s.w]);
          let cr = content_row + dx;
          a0 = fma(vec4f(content[cr + c0]), sv, a0);
          a1 = fma(vec4f(content[cr + c1]), sv, a1);
          a2 = fma(vec4f(content[cr + c2]), sv, a2);
          a3 = fma(vec4f(content[cr + c3]), sv, a3);
        }
      }
    }
    // Epilogue: scores of this step, in ascending j; strict > keeps the lowest index on ties.
    for (var t = 0u; t < STYLE_STEP; t++) {
      let jt = j + t;
      if (jt < j_end) {
        let denominator = norms[jt] + 1e-8;
        let scores = vec4f(a0[t], a1[t], a2[t], a3[t]) / denominator;
        let better = scores > best;
        best = select(best, scores, better);
        index = select(index, vec4u(jt), better);
      }
    }
  }

  let out = split * params.content_windows;
  for (var w = 0u; w < WINDOWS; w++) {
    if (i0 + w < params.content_windows) {
      best_score[out + i0 + w] = best[w];
      best_index[out + i0 + w] = index[w];
    }
  }
}
