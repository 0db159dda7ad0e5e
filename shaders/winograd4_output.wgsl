// winograd4_output: the output transform of a Winograd F(4×4, 3×3) convolution, for one band of output tile rows:
// Y = Aᵀ m A per tile and output channel, m the 6×6 products of winograd_gemm.wgsl,
//   Aᵀ = [1 1 1 1 1 0; 0 1 −1 2 −2 0; 0 1 1 4 4 0; 0 1 −1 8 −8 1];
// then + bias and optional ReLU, and the 4×4 tile stored (pixels past the edge skipped).
// POOL: 2x2 max pooling (stride 2, floor) instead: the tile is exactly four pooling blocks, so it stores 2×2 pixels.
//
// Layouts: products [36][band_tiles][out_groups] vec4 (band tile t = (ty − band_row) · tiles_x + tx); bias
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

// Aᵀ applied along one axis: 6 rows (or columns) of 4 output channels → 4.
fn reduce(m: array<vec4f, 6>) -> array<vec4f, 4> {
  let plus = m[1] + m[2];
  let minus = m[1] - m[2];
  let plus2 = m[3] + m[4];
  let minus2 = m[3] - m[4];
  return array<vec4f, 4>(m[0] + plus + plus2, minus + 2.0 * minus2, plus + 4.0 * plus2, minus + 8.0 * minus2 + m[5]);
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
  // Along x for each of the 6 rows of m (rows[i][x]), then along y for each of the 4 output columns.
  var rows: array<array<vec4f, 4>, 6>;
  for (var i = 0u; i < 6u; i++) {
    let row = at + 6u * i * stride;
    rows[i] = reduce(array<vec4f, 6>(products[row], products[row + stride], products[row + 2u * stride], products[row + 3u * stride], products[row + 4u * stride], products[row + 5u * stride]));
  }
  let b = bias[group];
  var y: array<array<vec4f, 4>, 4>; // y[column][row], bias added and activated
  for (var x = 0u; x < 4u; x++) {
    let column = reduce(array<vec4f, 6>(rows[0][x], rows[1][x], rows[2][x], rows[3][x], rows[4][x], rows[5][x]));
    for (var r = 0u; r < 4u; r++) {
      y[x][r] = activate(column[r] + b);
    }
  }
  let ty = params.band_row + band_y;
  if (POOL) {
    // ReLU then max = max then ReLU. Floor pooling: only whole blocks are stored.
    for (var py = 0u; py < 2u; py++) {
      for (var px = 0u; px < 2u; px++) {
        let block = max(max(y[2u * px][2u * py], y[2u * px + 1u][2u * py]), max(y[2u * px][2u * py + 1u], y[2u * px + 1u][2u * py + 1u]));
        store(4u * group, 2u * tx + px, 2u * ty + py, params.width / 2u, params.height / 2u, block);
      }
    }
  } else {
    for (var r = 0u; r < 4u; r++) {
      for (var x = 0u; x < 4u; x++) {
        store(4u * group, 4u * tx + x, 4u * ty + r, params.width, params.height, y[x][r]);
      }
    }
  }
}
