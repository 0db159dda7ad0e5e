// window_match: for every content window of a band, the style window that maximises
//   score(i, j) = ⟨content window i, style window j⟩_w / (norm_j + 1e-8),  ties → the lowest j,
// with the inner product read off the band's pixel Gram matrix (gram.wgsl) as a sum of k² entries:
//   ⟨Q_i, P_j⟩_w = Σ_{dy,dx} gram[p_i + dy·content_width + dx][q_j + dy·style_width + dx].
// The epilogue keeps a running (max, index) per content window: scores never reach memory. The style range is split
// over workgroup_id.y so that small bands still fill a large GPU; match_reduce picks the best split afterwards.
// Style offsets depend only on loop counters and workgroup_id (uniform); the content offset is per invocation.
//
// Layouts: gram [band_pixels][style_stride] f32 (band pixel p = (row − band_row) · content_width + column);
// norms [style_windows]; best_score / best_index [splits][content_windows].
// Window n of a map is row-major over window positions: y = (n / cols) · stride, x = (n % cols) · stride.
// Dispatch (src/kernels/match.ts): x covers the band's windows; y = one workgroup per split.

override WORKGROUP_SIZE: u32 = 16u;
override PATCH: u32 = 3u;

struct Params {
  content_width: u32,
  style_width: u32,
  stride: u32,
  content_cols: u32,
  content_windows: u32,
  band_first_window: u32, // index of the band's first content window (a row start)
  band_windows: u32,
  band_row: u32, // first content row held in gram
  style_cols: u32,
  style_windows: u32,
  style_stride: u32, // floats per gram row (padded style pixels)
  style_per_split: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> gram: array<f32>;
@group(0) @binding(2) var<storage, read> norms: array<f32>;
@group(0) @binding(3) var<storage, read_write> best_score: array<f32>;
@group(0) @binding(4) var<storage, read_write> best_index: array<u32>;

const NEG_INF: f32 = -3.402823e38;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) id: vec3u, @builtin(workgroup_id) workgroup: vec3u) {
  if (id.x >= params.band_windows) {
    return;
  }
  let i = params.band_first_window + id.x;
  let wy = (i / params.content_cols) * params.stride - params.band_row;
  let wx = (i % params.content_cols) * params.stride;
  let p_start = (wy * params.content_width + wx) * params.style_stride;

  let split = workgroup.y;
  let j_begin = split * params.style_per_split;
  let j_end = min(j_begin + params.style_per_split, params.style_windows);
  var best = NEG_INF;
  var index = 0u;
  for (var j = j_begin; j < j_end; j++) {
    let q_start = (j / params.style_cols) * params.stride * params.style_width + (j % params.style_cols) * params.stride;
    var dot = 0.0;
    for (var dy = 0u; dy < PATCH; dy++) {
      let row = p_start + dy * params.content_width * params.style_stride + q_start + dy * params.style_width;
      for (var dx = 0u; dx < PATCH; dx++) {
        dot += gram[row + dx * (params.style_stride + 1u)];
      }
    }
    let score = dot / (norms[j] + 1e-8);
    if (score > best) {
      best = score;
      index = j;
    }
  }
  let out = split * params.content_windows + i;
  best_score[out] = best;
  best_index[out] = index;
}
