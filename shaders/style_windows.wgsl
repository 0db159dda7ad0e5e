// style_windows: the style's patch vectors side by side (im2col), in the layout patch_correlation.wgsl reads:
//   windows[(c·k + dy)·k + dx][j] = channel_weights[c] · style[c, q_j + dy·style_width + dx],
// q_j the start of style window j; columns past the last window are zeros (a multiple of 16 in all). Made once per
// prepared style and patch options; it holds k²/s² times the style's features (2.25× for 3×3 at stride 2).
// One invocation per (window column, patch row); dispatch (src/kernels/patchCorrelation.ts): x over padded windows,
// y over channels · k².

override WORKGROUP_SIZE: u32 = 64u;
override PATCH: u32 = 3u;

struct Params {
  channels: u32,
  style_width: u32,
  style_plane: u32, // style pixels per channel
  stride: u32,
  style_cols: u32,
  style_windows: u32,
  padded_windows: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> style: array<f32>;
@group(0) @binding(2) var<storage, read> channel_weights: array<f32>;
@group(0) @binding(3) var<storage, read_write> windows: array<f32>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let j = id.x;
  let row = id.y; // (c · k + dy) · k + dx
  if (j >= params.padded_windows || row >= params.channels * PATCH * PATCH) {
    return;
  }
  var v = 0.0;
  if (j < params.style_windows) {
    let c = row / (PATCH * PATCH);
    let dy = (row / PATCH) % PATCH;
    let dx = row % PATCH;
    let q = (j / params.style_cols) * params.stride * params.style_width + (j % params.style_cols) * params.stride;
    v = channel_weights[c] * style[c * params.style_plane + q + dy * params.style_width + dx];
  }
  windows[row * params.padded_windows + j] = v;
}
