// match_reduce: the best (score, index) over the partial results of match (its style splits, and with style-major
// window scores each split's lanes), per content window; ties go to the lowest style index, as within a partial.
// Layouts: best_score / best_index [partials][content_windows] → score [content_windows] f32, argmax [content_windows] i32.
// One invocation per content window; dispatch (src/kernels/match.ts): x over content windows.

override WORKGROUP_SIZE: u32 = 64u;

struct Params {
  content_windows: u32,
  splits: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> best_score: array<f32>;
@group(0) @binding(2) var<storage, read> best_index: array<u32>;
@group(0) @binding(3) var<storage, read_write> score: array<f32>;
@group(0) @binding(4) var<storage, read_write> argmax: array<i32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let i = id.x;
  if (i >= params.content_windows) {
    return;
  }
  var best = best_score[i];
  var index = best_index[i];
  for (var split = 1u; split < params.splits; split++) {
    let candidate = best_score[split * params.content_windows + i];
    let candidate_index = best_index[split * params.content_windows + i];
    if (candidate > best || (candidate == best && candidate_index < index)) {
      best = candidate;
      index = candidate_index;
    }
  }
  score[i] = best;
  argmax[i] = i32(index);
}
