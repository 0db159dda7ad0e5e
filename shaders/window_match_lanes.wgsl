// window_match_lanes: the same window scores and running argmax as window_match.wgsl, with the work turned around.
// There, each invocation takes a content window and walks every style window, so neighbouring invocations read
// Gram rows far apart. Here a workgroup takes one content window and its LANES invocations walk the style windows
// together (lane l takes j = j_begin + l, then + LANES, …): at each step the lanes read neighbouring entries of the
// same Gram rows (a vector load on a CPU adapter, a coalesced one on a GPU). Each lane keeps its own (max, index),
// ties to the lowest j as the scores come in ascending j; match_reduce then picks the best over splits × lanes,
// ties to the lowest index, so the argmax is exactly window_match's (the same sums in the same order).
//
// Layouts: gram [band_pixels][style_stride] f32; norms [style_windows]; best_score / best_index
// [splits · LANES][content_windows] (entry split · LANES + lane).
// Dispatch (src/kernels/match.ts): x · LANES invocations, x = min(band windows, WINDOWS_PER_ROW); y = one
// workgroup per split; z = ⌈band windows / WINDOWS_PER_ROW⌉ (the dispatch limit is 65535 workgroups an axis).

override LANES: u32 = 16u;
override PATCH: u32 = 3u;
const WINDOWS_PER_ROW: u32 = 32768u;

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

@compute @workgroup_size(LANES)
fn main(@builtin(local_invocation_id) local: vec3u, @builtin(workgroup_id) workgroup: vec3u) {
  let window = workgroup.z * WINDOWS_PER_ROW + workgroup.x;
  if (window >= params.band_windows) {
    return;
  }
  let lane = local.x;
  let i = params.band_first_window + window;
  let wy = (i / params.content_cols) * params.stride - params.band_row;
  let wx = (i % params.content_cols) * params.stride;
  let p_start = (wy * params.content_width + wx) * params.style_stride;

  let split = workgroup.y;
  let j_begin = split * params.style_per_split;
  let j_end = min(j_begin + params.style_per_split, params.style_windows);
  var best = NEG_INF;
  var index = 0xffffffffu; // a lane with no style window loses every tie
  for (var j = j_begin + lane; j < j_end; j += LANES) {
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
  let out = (split * LANES + lane) * params.content_windows + i;
  best_score[out] = best;
  best_index[out] = index;
}
