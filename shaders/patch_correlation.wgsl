// patch_correlation: the match without the Gram matrix, for strided patches. Each content window of a band is
// scored against every style window directly, as an implicit-im2col GEMM over the patch vectors (K = channels · k²):
//   score(i, j) = Σ_c Σ_{dy,dx} content[c][p_i + dy·content_width + dx] · windows[(c·k + dy)·k + dx][j] / (norm_j + 1e-8),
// windows being the weighted style's patch vectors side by side (style_windows.wgsl),
// with a running (max, index) per content window, ties → the lowest j. A window pair costs 2·C·k² here and
// 2·C·s⁴ through the Gram route (which correlates every pixel pair to serve windows s apart), so this wins when
// k² < s⁴: 3×3 patches from stride 2 on (src/kernels/patchCorrelation.ts decides).
//
// GEMM view: M = content windows, N = style windows. Each invocation owns 8 content windows × 16 style windows as
// named accumulators (4 vec4 groups); per (c, dy, dx) it loads 8 content values and 4 vec4s of style windows and
// does 32 vec4 FMAs, as gram.wgsl does. The style windows come from workgroup_id (uniform loads); a split's
// workgroups walk its style range 16 windows at a time, so the partial results are [splits][content_windows]
// however many style windows there are.
//
// Layouts: content [channels][content_plane] f32 (CHW); windows [channels · k²][window_groups] vec4; norms
// [style_windows]; best_score / best_index [splits][content_windows] (reduced by match_reduce.wgsl).
// Dispatch (src/kernels/patchCorrelation.ts): x = one workgroup per split; y covers ⌈band_windows / WINDOWS⌉.

const WINDOWS: u32 = 8u; // content windows per invocation
const NEG_INF: f32 = -3.402823e38;

override WORKGROUP_SIZE: u32 = 16u;
override PATCH: u32 = 3u;

struct Params {
  channels: u32,
  content_width: u32,
  content_plane: u32, // content pixels per channel
  window_groups: u32, // vec4 groups of style windows per row of `windows` (padded windows / 4)
  stride: u32,
  content_cols: u32,
  content_windows: u32,
  band_first_window: u32,
  band_windows: u32,
  style_windows: u32,
  groups_per_split: u32, // groups of 16 style windows each split walks
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> content: array<f32>;
@group(0) @binding(2) var<storage, read> windows: array<vec4f>;
@group(0) @binding(3) var<storage, read> norms: array<f32>;
@group(0) @binding(4) var<storage, read_write> best_score: array<f32>;
@group(0) @binding(5) var<storage, read_write> best_index: array<u32>;

/** Start offset (y · width + x) of window n of a map `width` wide with `cols` windows a row. */
fn window_start(n: u32, cols: u32, width: u32) -> u32 {
  return (n / cols) * params.stride * width + (n % cols) * params.stride;
}

fn style_norms(j: u32) -> vec4f {
  let last = params.style_windows - 1u;
  return vec4f(norms[min(j, last)], norms[min(j + 1u, last)], norms[min(j + 2u, last)], norms[min(j + 3u, last)]) + vec4f(1e-8);
}

/** The running best of one content window over style windows j0..j0+3 with scores `s`. */
fn keep_best(best: ptr<function, f32>, index: ptr<function, u32>, s: vec4f, j0: u32) {
  for (var n = 0u; n < 4u; n++) {
    if (j0 + n < params.style_windows && s[n] > *best) {
      *best = s[n];
      *index = j0 + n;
    }
  }
}

@compute @workgroup_size(1, WORKGROUP_SIZE, 1)
fn main(@builtin(global_invocation_id) id: vec3u, @builtin(workgroup_id) workgroup: vec3u) {
  let w0 = id.y * WINDOWS;
  if (w0 >= params.band_windows) {
    return;
  }
  let last = params.band_windows - 1u; // windows past the band's end compute a copy of its last, never stored
  let first = params.band_first_window;
  let cw = params.content_width;
  let cc = params.content_cols;
  let lo = vec4u(window_start(first + w0, cc, cw), window_start(first + min(w0 + 1u, last), cc, cw), window_start(first + min(w0 + 2u, last), cc, cw), window_start(first + min(w0 + 3u, last), cc, cw));
  let hi = vec4u(window_start(first + min(w0 + 4u, last), cc, cw), window_start(first + min(w0 + 5u, last), cc, cw), window_start(first + min(w0 + 6u, last), cc, cw), window_start(first + min(w0 + 7u, last), cc, cw));

  var best0 = NEG_INF; var best1 = NEG_INF; var best2 = NEG_INF; var best3 = NEG_INF;
  var best4 = NEG_INF; var best5 = NEG_INF; var best6 = NEG_INF; var best7 = NEG_INF;
  var index0 = 0u; var index1 = 0u; var index2 = 0u; var index3 = 0u;
  var index4 = 0u; var index5 = 0u; var index6 = 0u; var index7 = 0u;
  let group_begin = workgroup.x * params.groups_per_split;
  let group_end = min(group_begin + params.groups_per_split, (params.style_windows + 15u) / 16u);
  for (var group = group_begin; group < group_end; group++) {
    let j = group * 16u;
    var s_index = j / 4u; // windows[row · window_groups + j / 4 + g]
    var a00 = vec4f(0.0); var a01 = vec4f(0.0); var a02 = vec4f(0.0); var a03 = vec4f(0.0);
    var a10 = vec4f(0.0); var a11 = vec4f(0.0); var a12 = vec4f(0.0); var a13 = vec4f(0.0);
    var a20 = vec4f(0.0); var a21 = vec4f(0.0); var a22 = vec4f(0.0); var a23 = vec4f(0.0);
    var a30 = vec4f(0.0); var a31 = vec4f(0.0); var a32 = vec4f(0.0); var a33 = vec4f(0.0);
    var a40 = vec4f(0.0); var a41 = vec4f(0.0); var a42 = vec4f(0.0); var a43 = vec4f(0.0);
    var a50 = vec4f(0.0); var a51 = vec4f(0.0); var a52 = vec4f(0.0); var a53 = vec4f(0.0);
    var a60 = vec4f(0.0); var a61 = vec4f(0.0); var a62 = vec4f(0.0); var a63 = vec4f(0.0);
    var a70 = vec4f(0.0); var a71 = vec4f(0.0); var a72 = vec4f(0.0); var a73 = vec4f(0.0);
    var plane = 0u; // c · content_plane
    for (var c = 0u; c < params.channels; c++) {
      for (var t = 0u; t < PATCH * PATCH; t++) {
        let co = plane + (t / PATCH) * cw + t % PATCH;
        let x0 = vec4f(content[lo.x + co]); let x1 = vec4f(content[lo.y + co]);
        let x2 = vec4f(content[lo.z + co]); let x3 = vec4f(content[lo.w + co]);
        let x4 = vec4f(content[hi.x + co]); let x5 = vec4f(content[hi.y + co]);
        let x6 = vec4f(content[hi.z + co]); let x7 = vec4f(content[hi.w + co]);
        let s0 = windows[s_index]; let s1 = windows[s_index + 1u];
        let s2 = windows[s_index + 2u]; let s3 = windows[s_index + 3u];
        s_index += params.window_groups;
        a00 = fma(x0, s0, a00); a01 = fma(x0, s1, a01); a02 = fma(x0, s2, a02); a03 = fma(x0, s3, a03);
        a10 = fma(x1, s0, a10); a11 = fma(x1, s1, a11); a12 = fma(x1, s2, a12); a13 = fma(x1, s3, a13);
        a20 = fma(x2, s0, a20); a21 = fma(x2, s1, a21); a22 = fma(x2, s2, a22); a23 = fma(x2, s3, a23);
        a30 = fma(x3, s0, a30); a31 = fma(x3, s1, a31); a32 = fma(x3, s2, a32); a33 = fma(x3, s3, a33);
        a40 = fma(x4, s0, a40); a41 = fma(x4, s1, a41); a42 = fma(x4, s2, a42); a43 = fma(x4, s3, a43);
        a50 = fma(x5, s0, a50); a51 = fma(x5, s1, a51); a52 = fma(x5, s2, a52); a53 = fma(x5, s3, a53);
        a60 = fma(x6, s0, a60); a61 = fma(x6, s1, a61); a62 = fma(x6, s2, a62); a63 = fma(x6, s3, a63);
        a70 = fma(x7, s0, a70); a71 = fma(x7, s1, a71); a72 = fma(x7, s2, a72); a73 = fma(x7, s3, a73);
      }
      plane += params.content_plane;
    }
    let n0 = style_norms(j); let n1 = style_norms(j + 4u); let n2 = style_norms(j + 8u); let n3 = style_norms(j + 12u);
    keep_best(&best0, &index0, a00 / n0, j); keep_best(&best0, &index0, a01 / n1, j + 4u); keep_best(&best0, &index0, a02 / n2, j + 8u); keep_best(&best0, &index0, a03 / n3, j + 12u);
    keep_best(&best1, &index1, a10 / n0, j); keep_best(&best1, &index1, a11 / n1, j + 4u); keep_best(&best1, &index1, a12 / n2, j + 8u); keep_best(&best1, &index1, a13 / n3, j + 12u);
    keep_best(&best2, &index2, a20 / n0, j); keep_best(&best2, &index2, a21 / n1, j + 4u); keep_best(&best2, &index2, a22 / n2, j + 8u); keep_best(&best2, &index2, a23 / n3, j + 12u);
    keep_best(&best3, &index3, a30 / n0, j); keep_best(&best3, &index3, a31 / n1, j + 4u); keep_best(&best3, &index3, a32 / n2, j + 8u); keep_best(&best3, &index3, a33 / n3, j + 12u);
    keep_best(&best4, &index4, a40 / n0, j); keep_best(&best4, &index4, a41 / n1, j + 4u); keep_best(&best4, &index4, a42 / n2, j + 8u); keep_best(&best4, &index4, a43 / n3, j + 12u);
    keep_best(&best5, &index5, a50 / n0, j); keep_best(&best5, &index5, a51 / n1, j + 4u); keep_best(&best5, &index5, a52 / n2, j + 8u); keep_best(&best5, &index5, a53 / n3, j + 12u);
    keep_best(&best6, &index6, a60 / n0, j); keep_best(&best6, &index6, a61 / n1, j + 4u); keep_best(&best6, &index6, a62 / n2, j + 8u); keep_best(&best6, &index6, a63 / n3, j + 12u);
    keep_best(&best7, &index7, a70 / n0, j); keep_best(&best7, &index7, a71 / n1, j + 4u); keep_best(&best7, &index7, a72 / n2, j + 8u); keep_best(&best7, &index7, a73 / n3, j + 12u);
  }
  let out = workgroup.x * params.content_windows + first + w0;
  best_score[out] = best0;
  best_index[out] = index0;
  if (w0 + 1u < params.band_windows) { best_score[out + 1u] = best1; best_index[out + 1u] = index1; }
  if (w0 + 2u < params.band_windows) { best_score[out + 2u] = best2; best_index[out + 2u] = index2; }
  if (w0 + 3u < params.band_windows) { best_score[out + 3u] = best3; best_index[out + 3u] = index3; }
  if (w0 + 4u < params.band_windows) { best_score[out + 4u] = best4; best_index[out + 4u] = index4; }
  if (w0 + 5u < params.band_windows) { best_score[out + 5u] = best5; best_index[out + 5u] = index5; }
  if (w0 + 6u < params.band_windows) { best_score[out + 6u] = best6; best_index[out + 6u] = index6; }
  if (w0 + 7u < params.band_windows) { best_score[out + 7u] = best7; best_index[out + 7u] = index7; }
}
