// conv3x3_input_grad: the gradient of a loss with respect to the input of conv3x3 (3x3, stride 1, reflection
// padding 1), given its gradient with respect to the conv's output (after any ReLU mask was applied):
//   grad_in[ci, y, x] = Σ over co and taps (dy, dx) with reflect(yo + dy − 1) = y and reflect(xo + dx − 1) = x of
//                       W[co, ci, dy, dx] · grad_out[co, yo, xo]
// i.e. the transposed convolution, where the adjoint of the reflection padding sends a border tap's gradient back to
// the row or column it read (row 1 for row −1, row n − 2 for row n; a size-1 axis reads its only element). Per axis
// that is at most five (source, tap) pairs: the three direct ones and the two reflected ones. With MASK the result is
// multiplied by (activation > 0): the ReLU that produced this conv's input, so the gradient leaves ready for the
// conv before it.
// Layouts: grad_out [out_channels, height, width] f32; weights [out_channels × 9][in_groups] vec4 (W[co, ci, dy, dx]
// with ci packed in fours, zero-padded; src/kernels/inputGrad.ts); activation and grad_in [in_channels, height, width].
// One invocation per row of 4 pixels and group of 4 input channels; dispatch: x over ⌈width / 4⌉, y over the rows,
// z over the groups.

override WORKGROUP_X: u32 = 16u;
override WORKGROUP_Y: u32 = 4u;
override MASK: bool = false;

struct Params {
  in_channels: u32,
  out_channels: u32,
  height: u32,
  width: u32,
  in_groups: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> grad_out: array<f32>;
@group(0) @binding(2) var<storage, read> weights: array<vec4f>;
@group(0) @binding(3) var<storage, read> activation: array<f32>;
@group(0) @binding(4) var<storage, read_write> grad_in: array<f32>;

// The same reflection as conv3x3.wgsl's reads.
fn reflect_index(i: i32, n: i32) -> i32 {
  var r = select(i, -i, i < 0);
  r = select(r, 2 * n - 2 - r, r >= n);
  return clamp(r, 0, n - 1);
}

struct Taps {
  count: u32,
  source: array<i32, 5>,
  tap: array<u32, 5>,
}

// Every (source index, tap) along an axis of size n whose read lands on i.
fn taps_onto(i: i32, n: i32) -> Taps {
  var t: Taps;
  t.count = 0u;
  for (var d = 0u; d < 3u; d++) {
    let source = i - (i32(d) - 1);
    if (source >= 0 && source < n) {
      t.source[t.count] = source;
      t.tap[t.count] = d;
      t.count++;
    }
  }
  if (reflect_index(-1, n) == i) {
    t.source[t.count] = 0;
    t.tap[t.count] = 0u;
    t.count++;
  }
  if (reflect_index(n, n) == i) {
    t.source[t.count] = n - 1;
    t.tap[t.count] = 2u;
    t.count++;
  }
  return t;
}

// The gradient at (x, y) for input channels 4·group … 4·group + 3, any pixel (border taps included).
fn at_pixel(x: u32, y: u32, group: u32) -> vec4f {
  let rows = taps_onto(i32(y), i32(params.height));
  let cols = taps_onto(i32(x), i32(params.width));
  let plane = params.height * params.width;
  var sum = vec4f(0.0);
  for (var co = 0u; co < params.out_channels; co++) {
    for (var a = 0u; a < rows.count; a++) {
      let row = co * plane + u32(rows.source[a]) * params.width;
      for (var b = 0u; b < cols.count; b++) {
        sum += grad_out[row + u32(cols.source[b])] * weights[(co * 9u + rows.tap[a] * 3u + cols.tap[b]) * params.in_groups + group];
      }
    }
  }
  return sum;
}

fn store(x: u32, y: u32, group: u32, value: vec4f) {
  let plane = params.height * params.width;
  let pixel = y * params.width + x;
  for (var k = 0u; k < 4u; k++) {
    let ci = 4u * group + k;
    if (ci < params.in_channels) {
      var v = value[k];
      if (MASK && activation[ci * plane + pixel] <= 0.0) {
        v = 0.0;
      }
      grad_in[ci * plane + pixel] = v;
    }
  }
}

// Each invocation: a row of 4 pixels × 4 input channels. Away from the borders every tap is direct, so the 4 pixels
// share their weight loads (4 vec4 FMAs per vec4 of weights); near a border each pixel takes the general path.
@compute @workgroup_size(WORKGROUP_X, WORKGROUP_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let x0 = 4u * id.x;
  let y = id.y;
  let group = id.z;
  if (x0 >= params.width || y >= params.height || group >= params.in_groups) {
    return;
  }
  // Rows and columns 0, 1, n − 2 and n − 1 receive reflected taps as well: they take the general path.
  let interior = y >= 2u && y + 3u <= params.height && x0 >= 2u && x0 + 6u <= params.width;
  if (!interior) {
    for (var k = 0u; k < 4u; k++) {
      if (x0 + k < params.width) {
        store(x0 + k, y, group, at_pixel(x0 + k, y, group));
      }
    }
    return;
  }
  let plane = params.height * params.width;
  var s0 = vec4f(0.0);
  var s1 = vec4f(0.0);
  var s2 = vec4f(0.0);
  var s3 = vec4f(0.0);
  for (var co = 0u; co < params.out_channels; co++) {
    for (var dy = 0u; dy < 3u; dy++) {
      let row = co * plane + (y + 1u - dy) * params.width;
      for (var dx = 0u; dx < 3u; dx++) {
        let i = row + x0 + 1u - dx; // the output pixel whose tap (dy, dx) read input pixel x0
        let w = weights[(co * 9u + dy * 3u + dx) * params.in_groups + group];
        s0 += grad_out[i] * w;
        s1 += grad_out[i + 1u] * w;
        s2 += grad_out[i + 2u] * w;
        s3 += grad_out[i + 3u] * w;
      }
    }
  }
  store(x0, y, group, s0);
  store(x0 + 1u, y, group, s1);
  store(x0 + 2u, y, group, s2);
  store(x0 + 3u, y, group, s3);
}
