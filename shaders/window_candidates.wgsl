// window_candidates: the approximate match's first pass. Like window_match, but over a Gram band of features projected
// onto a few channels (src/kernels/approximateMatch.ts), and it keeps the CANDIDATES best style windows of each
// content window instead of one:
//   approximate score(i, j) = Σ_{dy,dx} gram[p_i + dy·content_width + dx][q_j + dy·style_width + dx] / (norm_j + 1e-8),
// norm_j the exact patch norm. The list is sorted best first (ties → the lower j, which comes first); rerank_candidates
// then scores them exactly. The style range is split over workgroup_id.y, each split leaving its own list.
//
// Layouts: gram [band_pixels][style_stride] f32; norms [style_windows]; cand_score / cand_index
// [splits][CANDIDATES][content_windows] (an unused slot: score −max, index 0xffffffff).
// Dispatch (src/kernels/approximateMatch.ts): x covers the band's windows; y = one workgroup per split.

const CANDIDATES: u32 = 16u;
const NONE: u32 = 0xffffffffu;
const NEG_INF: f32 = -3.402823e38;

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
@group(0) @binding(3) var<storage, read_write> cand_score: array<f32>;
@group(0) @binding(4) var<storage, read_write> cand_index: array<u32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) id: vec3u, @builtin(workgroup_id) workgroup: vec3u) {
  if (id.x >= params.band_windows) {
    return;
  }
  let i = params.band_first_window + id.x;
  let wy = (i / params.content_cols) * params.stride - params.band_row;
  let wx = (i % params.content_cols) * params.stride;
  let p_start = (wy * params.content_width + wx) * params.style_stride;

  var top_score: array<f32, CANDIDATES>;
  var top_index: array<u32, CANDIDATES>;
  for (var n = 0u; n < CANDIDATES; n++) {
    top_score[n] = NEG_INF;
    top_index[n] = NONE;
  }
  let split = workgroup.y;
  let j_begin = split * params.style_per_split;
  let j_end = min(j_begin + params.style_per_split, params.style_windows);
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
    // j rises, so a score equal to a kept one ranks after it: only a strictly better score enters.
    if (score > top_score[CANDIDATES - 1u] || top_index[CANDIDATES - 1u] == NONE) {
      var at = CANDIDATES - 1u;
      while (at > 0u && (score > top_score[at - 1u] || top_index[at - 1u] == NONE)) {
        top_score[at] = top_score[at - 1u];
        top_index[at] = top_index[at - 1u];
        at--;
      }
      top_score[at] = score;
      top_index[at] = j;
    }
  }
  for (var n = 0u; n < CANDIDATES; n++) {
    let out = (split * CANDIDATES + n) * params.content_windows + i;
    cand_score[out] = top_score[n];
    cand_index[out] = top_index[n];
  }
}
