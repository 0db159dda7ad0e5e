// rerank_candidates: the approximate match's second pass. Per content window it merges the candidate lists of every
// split (window_candidates.wgsl) into the CANDIDATES best by approximate score, then scores those exactly, as
// window_match would:
//   score(i, j) = Σ_c Σ_{dy,dx} content[c][p_i + dy·content_width + dx] · weighted_style[c][q_j + dy·style_width + dx]
//                 / (norm_j + 1e-8),
// and keeps the best (ties → the lowest j). The exact inner products run over all channels but only for
// CANDIDATES style windows, not all of them.
//
// Layouts: content [channels][content_plane] f32 (CHW); weighted_style [channels][style_stride] f32; norms
// [style_windows]; cand_score / cand_index [partials][CANDIDATES][content_windows]; score [content_windows] f32,
// argmax [content_windows] i32.
// Dispatch (src/kernels/approximateMatch.ts): x over content windows.

const CANDIDATES: u32 = 16u;
const NONE: u32 = 0xffffffffu;
const NEG_INF: f32 = -3.402823e38;

override WORKGROUP_SIZE: u32 = 64u;
override PATCH: u32 = 3u;

struct Params {
  channels: u32,
  content_width: u32,
  content_plane: u32, // content pixels per channel
  style_width: u32,
  style_stride: u32, // floats per weighted_style channel (padded style pixels)
  stride: u32,
  content_cols: u32,
  content_windows: u32,
  style_cols: u32,
  style_windows: u32,
  partials: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> content: array<f32>;
@group(0) @binding(2) var<storage, read> weighted_style: array<f32>;
@group(0) @binding(3) var<storage, read> norms: array<f32>;
@group(0) @binding(4) var<storage, read> cand_score: array<f32>;
@group(0) @binding(5) var<storage, read> cand_index: array<u32>;
@group(0) @binding(6) var<storage, read_write> score: array<f32>;
@group(0) @binding(7) var<storage, read_write> argmax: array<i32>;

/** Whether (s, j) ranks before (t, k): a higher score, or the same score and a lower index; unused slots rank last. */
fn before(s: f32, j: u32, t: f32, k: u32) -> bool {
  return k == NONE || s > t || (s == t && j < k);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  if (i >= params.content_windows) {
    return;
  }
  var top_score: array<f32, CANDIDATES>;
  var top_index: array<u32, CANDIDATES>;
  for (var n = 0u; n < CANDIDATES; n++) {
    top_score[n] = NEG_INF;
    top_index[n] = NONE;
  }
  for (var slot = 0u; slot < params.partials * CANDIDATES; slot++) {
    let s = cand_score[slot * params.content_windows + i];
    let j = cand_index[slot * params.content_windows + i];
    if (j == NONE || !before(s, j, top_score[CANDIDATES - 1u], top_index[CANDIDATES - 1u])) {
      continue;
    }
    var at = CANDIDATES - 1u;
    while (at > 0u && before(s, j, top_score[at - 1u], top_index[at - 1u])) {
      top_score[at] = top_score[at - 1u];
      top_index[at] = top_index[at - 1u];
      at--;
    }
    top_score[at] = s;
    top_index[at] = j;
  }

  let p_start = (i / params.content_cols) * params.stride * params.content_width + (i % params.content_cols) * params.stride;
  var best = NEG_INF;
  var index = 0u;
  for (var n = 0u; n < CANDIDATES; n++) {
    let j = top_index[n];
    if (j == NONE) {
      break; // the list is sorted: unused slots come last
    }
    let q_start = (j / params.style_cols) * params.stride * params.style_width + (j % params.style_cols) * params.stride;
    var dot = 0.0;
    for (var c = 0u; c < params.channels; c++) {
      for (var dy = 0u; dy < PATCH; dy++) {
        let p = c * params.content_plane + p_start + dy * params.content_width;
        let q = c * params.style_stride + q_start + dy * params.style_width;
        for (var dx = 0u; dx < PATCH; dx++) {
          dot += content[p + dx] * weighted_style[q + dx];
        }
      }
    }
    let exact = dot / (norms[j] + 1e-8);
    if (exact > best || (exact == best && j < index)) {
      best = exact;
      index = j;
    }
  }
  score[i] = best;
  argmax[i] = i32(index);
}
