// gather_average: the swapped feature map. Each value is the mean, over the content windows that cover its pixel,
// of the chosen style window's value at the same offset; a pixel no window covers keeps its content value. This is
// the one-hot transposed convolution of the original, done as a gather of at most k² values per output. The
// content features stay as they are (strength blends them back in later).
// Layouts: content and swapped [channels, height, width] f32, style [channels, style_height, style_width] f32,
// argmax [content_windows] i32.
// One invocation per pixel, looping over channels; dispatch (src/kernels/gatherAverage.ts): x, y over the pixels.

override WORKGROUP_X: u32 = 16u;
override WORKGROUP_Y: u32 = 4u;
override PATCH: u32 = 3u;

struct Params {
  channels: u32,
  height: u32,
  width: u32,
  style_height: u32,
  style_width: u32,
  stride: u32,
  content_rows: u32, // window positions per column and row of the content map
  content_cols: u32,
  style_cols: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> content: array<f32>;
@group(0) @binding(2) var<storage, read> style: array<f32>;
@group(0) @binding(3) var<storage, read> argmax: array<i32>;
@group(0) @binding(4) var<storage, read_write> swapped: array<f32>;

// The window positions w along one axis whose span [w·stride, w·stride + PATCH) covers pixel p: [first, last].
fn covering(p: u32, positions: u32) -> vec2u {
  let s = params.stride;
  let first = select(0u, (p - (PATCH - 1u) + s - 1u) / s, p + 1u > PATCH);
  let last = min(p / s, positions - 1u);
  return vec2u(first, last);
}

@compute @workgroup_size(WORKGROUP_X, WORKGROUP_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let x = id.x;
  let y = id.y;
  if (x >= params.width || y >= params.height) {
    return;
  }
  let rows = covering(y, params.content_rows);
  let cols = covering(x, params.content_cols);
  let plane = params.height * params.width;
  let style_plane = params.style_height * params.style_width;
  let pixel = y * params.width + x;
  if (rows.x > rows.y || cols.x > cols.y) {
    for (var c = 0u; c < params.channels; c++) {
      swapped[c * plane + pixel] = content[c * plane + pixel]; // uncovered: the content value
    }
    return;
  }
  let count = f32((rows.y - rows.x + 1u) * (cols.y - cols.x + 1u));
  for (var c = 0u; c < params.channels; c++) {
    var sum = 0.0;
    for (var wy = rows.x; wy <= rows.y; wy++) {
      for (var wx = cols.x; wx <= cols.y; wx++) {
        let j = u32(argmax[wy * params.content_cols + wx]);
        // The chosen style window's value at this pixel's offset inside content window (wy, wx).
        let sy = (j / params.style_cols) * params.stride + (y - wy * params.stride);
        let sx = (j % params.style_cols) * params.stride + (x - wx * params.stride);
        sum += style[c * style_plane + sy * params.style_width + sx];
      }
    }
    swapped[c * plane + pixel] = sum / count;
  }
}
