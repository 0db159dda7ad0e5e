// winograd_input: the input transform of a Winograd F(2×2, 3×3) convolution (stride 1, reflection padding 1),
// for one band of output tile rows. Output tile (ty, tx) covers output pixels 2ty…2ty+1 × 2tx…2tx+1 and reads the
// 4×4 input patch d at rows 2ty−1…2ty+2, columns 2tx−1…2tx+2 (reflected at the borders; a row or column past the
// reflection only feeds outputs past the edge, which are never stored, so it is clamped). It stores V = Bᵀ d B,
// 16 values per (channel, tile):
//   Bᵀ = [1 0 −1 0; 0 1 1 0; 0 −1 1 0; 0 1 0 −1].
// UPSAMPLE_INPUT: the input is read through a nearest ×2 upsampling (virtual pixel (y, x) = stored (y/2, x/2)).
//
// Layouts: input [channels, input_height, input_width] f32 (half the conv size with UPSAMPLE_INPUT);
// transformed [16][channels][band_tiles] f32, band tile t = (ty − band_row) · tiles_x + tx (the GEMM's A matrices,
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

// Bᵀ applied to a column vector (rows of the patch) or, transposed, to a row.
fn transform(d: vec4f) -> vec4f {
  return vec4f(d.x - d.z, d.y + d.z, d.z - d.y, d.y - d.w);
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
  var cols: vec4u;
  for (var i = 0u; i < 4u; i++) {
    cols[i] = stored(reflect_index(i32(2u * tx + i) - 1, i32(params.width)));
  }
  // Rows of d, each transformed along x: r[i] = (d[i] Bᵀ-transformed).
  var r: array<vec4f, 4>;
  for (var i = 0u; i < 4u; i++) {
    let row = plane + stored(reflect_index(i32(2u * ty + i) - 1, i32(params.height))) * in_width;
    r[i] = transform(vec4f(input[row + cols.x], input[row + cols.y], input[row + cols.z], input[row + cols.w]));
  }
  // Then along y: V[a][b] = Σ_i Bᵀ[a][i] r[i][b].
  let v0 = r[0] - r[2];
  let v1 = r[1] + r[2];
  let v2 = r[2] - r[1];
  let v3 = r[1] - r[3];
  let band_tiles = params.band_rows * params.tiles_x;
  let matrix = params.channels * band_tiles; // one ξ's A matrix
  let at = c * band_tiles + band_y * params.tiles_x + tx;
  for (var b = 0u; b < 4u; b++) {
    transformed[(0u + b) * matrix + at] = v0[b];
    transformed[(4u + b) * matrix + at] = v1[b];
    transformed[(8u + b) * matrix + at] = v2[b];
    transformed[(12u + b) * matrix + at] = v3[b];
  }
}
