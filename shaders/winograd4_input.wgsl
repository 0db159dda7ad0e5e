// winograd4_input: the input transform of a Winograd F(4×4, 3×3) convolution (stride 1, reflection padding 1), for
// one band of output tile rows. Output tile (ty, tx) covers output pixels 4ty…4ty+3 × 4tx…4tx+3 and reads the 6×6
// input patch d at rows 4ty−1…4ty+4, columns 4tx−1…4tx+4 (reflected at the borders; a row or column past the
// reflection only feeds outputs past the edge, which are never stored, so it is clamped). It stores V = Bᵀ d B,
// 36 values per (channel, tile), with the interpolation points 0, ±1, ±2:
//   Bᵀ = [4 0 −5 0 1 0; 0 −4 −4 1 1 0; 0 4 −4 −1 1 0; 0 −2 −1 2 1 0; 0 2 −1 −2 1 0; 0 4 0 −5 0 1].
// UPSAMPLE_INPUT: the input is read through a nearest ×2 upsampling (virtual pixel (y, x) = stored (y/2, x/2)).
//
// Layouts: input [channels, input_height, input_width] f32 (half the conv size with UPSAMPLE_INPUT);
// transformed [36][channels][band_tiles] f32, band tile t = (ty − band_row) · tiles_x + tx (the GEMM's A matrices,
// winograd_gemm.wgsl). Dispatch (src/kernels/winograd.ts): x = tiles_x, y = the band's tile rows, z = channels.

override WORKGROUP_X: u32 = 16u;
override WORKGROUP_Y: u32 = 4u;
override UPSAMPLE_INPUT: bool = false;

struct Params {
  channels: u32,
  height: u32, // the convolution's size
  width: u32,
  tiles_x: u32,
  band_row: u32, // first tile row of the band
  band_rows: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read_write> transformed: array<f32>;

// Reflection about the border for i in [-1, n]; anything further (past the last tile's stored outputs) is clamped.
fn reflect_index(i: i32, n: i32) -> u32 {
  var r = select(i, -i, i < 0);
  r = select(r, 2 * n - 2 - r, r >= n);
  return u32(clamp(r, 0, n - 1));
}

fn stored(i: u32) -> u32 {
  return select(i, i / 2u, UPSAMPLE_INPUT);
}

// Bᵀ applied to 6 values along one axis (a column of the patch, or a row of already transformed values).
fn transform(d: array<f32, 6>) -> array<f32, 6> {
  return array<f32, 6>(
    4.0 * d[0] - 5.0 * d[2] + d[4],
    d[3] + d[4] - 4.0 * (d[1] + d[2]),
    d[4] - d[3] + 4.0 * (d[1] - d[2]),
    d[4] - d[2] + 2.0 * (d[3] - d[1]),
    d[4] - d[2] + 2.0 * (d[1] - d[3]),
    4.0 * d[1] - 5.0 * d[3] + d[5],
  );
}

@compute @workgroup_size(WORKGROUP_X, WORKGROUP_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let tx = id.x;
  let band_y = id.y;
  let c = id.z;
  if (tx >= params.tiles_x || band_y >= params.band_rows || c >= params.channels) {
    return;
  }
  let ty = params.band_row + band_y;
  let in_width = select(params.width, (params.width + 1u) / 2u, UPSAMPLE_INPUT);
  let in_height = select(params.height, (params.height + 1u) / 2u, UPSAMPLE_INPUT);
  let plane = c * in_width * in_height;
  var cols: array<u32, 6>;
  for (var i = 0u; i < 6u; i++) {
    cols[i] = stored(reflect_index(i32(4u * tx + i) - 1, i32(params.width)));
  }
  // Rows of d, each transformed along x: r[i] = Bᵀ d[i].
  var r: array<array<f32, 6>, 6>;
  for (var i = 0u; i < 6u; i++) {
    let row = plane + stored(reflect_index(i32(4u * ty + i) - 1, i32(params.height))) * in_width;
    var d: array<f32, 6>;
    for (var j = 0u; j < 6u; j++) {
      d[j] = input[row + cols[j]];
    }
    r[i] = transform(d);
  }
  // Then along y, one column b of r at a time: V[a][b] = Σ_i Bᵀ[a][i] r[i][b].
  let band_tiles = params.band_rows * params.tiles_x;
  let matrix = params.channels * band_tiles; // one ξ's A matrix
  let at = c * band_tiles + band_y * params.tiles_x + tx;
  for (var b = 0u; b < 6u; b++) {
    let v = transform(array<f32, 6>(r[0][b], r[1][b], r[2][b], r[3][b], r[4][b], r[5][b]));
    for (var a = 0u; a < 6u; a++) {
      transformed[(6u * a + b) * matrix + at] = v[a];
    }
  }
}
