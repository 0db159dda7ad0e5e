// winograd_output: the output transform of a Winograd F(2×2, 3×3) convolution, for one band of output tile rows:
// Y = Aᵀ m A per tile and output channel, Aᵀ = [1 1 1 0; 0 1 −1 −1], m the 4×4 products of winograd_gemm.wgsl;
// then + bias and optional ReLU, and the 2×2 tile stored (pixels past the edge skipped).
// POOL: 2x2 max pooling (stride 2, floor) instead: the tile is exactly a pooling block, so it stores one pixel.
//
// Layouts: products [16][band_tiles][out_groups] vec4 (band tile t = (ty − band_row) · tiles_x + tx); bias
// [out_groups] vec4 (zero-padded); output [out_channels, height, width] f32, or [out_channels, ⌊height/2⌋,
// ⌊width/2⌋] with POOL. Dispatch (src/kernels/winograd.ts): x = tiles_x, y = the band's tile rows, z = ⌈out_channels/4⌉.

override WORKGROUP_X: u32 = 16u;
override WORKGROUP_Y: u32 = 4u;
override RELU: bool = true;
override POOL: bool = false;

struct Params {
  height: u32, // the convolution's size (output before pooling)
  width: u32,
  out_channels: u32,
  out_groups: u32,
  tiles_x: u32,
  band_row: u32,
  band_rows: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> products: array<vec4f>;
@group(0) @binding(2) var<storage, read> bias: array<vec4f>;
@group(0) @binding(3) var<storage, read_write> output: array<f32>;

fn activate(v: vec4f) -> vec4f {
  return select(v, max(v, vec4f(0.0)), RELU);
}

// Aᵀ applied along one axis: 4 rows (or columns) of 4 output channels → 2.
fn reduce(m0: vec4f, m1: vec4f, m2: vec4f, m3: vec4f) -> array<vec4f, 2> {
  return array<vec4f, 2>(m0 + m1 + m2, m1 - m2 - m3);
}

fn store(channel0: u32, x: u32, y: u32, out_width: u32, out_height: u32, v: vec4f) {
  let plane = out_width * out_height;
  for (var k = 0u; k < 4u; k++) {
    if (x < out_width && y < out_height && channel0 + k < params.out_channels) {
      output[(channel0 + k) * plane + y * out_width + x] = v[k];
    }
  }
}

@compute @workgroup_size(WORKGROUP_X, WORKGROUP_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let tx = id.x;
  let band_y = id.y;
  let group = id.z;
  if (tx >= params.tiles_x || band_y >= params.band_rows || 4u * group >= params.out_channels) {
    return;
  }
  let band_tiles = params.band_rows * params.tiles_x;
  let stride = band_tiles * params.out_groups; // between transform positions
  let at = (band_y * params.tiles_x + tx) * params.out_groups + group;
  // Along x for each of the 4 rows of m, then along y.
  var rows: array<array<vec4f, 2>, 4>;
  for (var i = 0u; i < 4u; i++) {
    let row = at + 4u * i * stride;
    rows[i] = reduce(products[row], products[row + stride], products[row + 2u * stride], products[row + 3u * stride]);
  }
  let b = bias[group];
  let top = reduce(rows[0][0], rows[1][0], rows[2][0], rows[3][0]); // column 0: y0, y1
  let right = reduce(rows[0][1], rows[1][1], rows[2][1], rows[3][1]); // column 1
  let y00 = top[0] + b;
  let y10 = top[1] + b;
  let y01 = right[0] + b;
  let y11 = right[1] + b;
  let ty = params.band_row + band_y;
  if (POOL) {
    // max then ReLU = ReLU then max. Floor pooling: only whole blocks are stored.
    store(4u * group, tx, ty, params.width / 2u, params.height / 2u, activate(max(max(y00, y01), max(y10, y11))));
  } else {
    let x = 2u * tx;
    let y = 2u * ty;
    store(4u * group, x, y, params.width, params.height, activate(y00));
    store(4u * group, x + 1u, y, params.width, params.height, activate(y01));
    store(4u * group, x, y + 1u, params.width, params.height, activate(y10));
    store(4u * group, x + 1u, y + 1u, params.width, params.height, activate(y11));
  }
}
