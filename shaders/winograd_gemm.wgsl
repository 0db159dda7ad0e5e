// winograd_gemm: the batched GEMM of a Winograd F(2×2, 3×3) convolution, one matrix product per transform position
// ξ (16 in all):  products[ξ][t][o] = Σ_c transformed[ξ][c][t] · filters[ξ][c][o].
// Also the benchmark's plain f32 GEMM (one batch): it is an ordinary register-tiled GEMM.
//
// GEMM view: M = tiles, N = output channels, K = input channels. Each invocation owns 4 consecutive tiles × 16
// output channels (4 vec4 groups) as named accumulators (software Vulkan keeps them in registers; arrays spill);
// per channel it loads 4 transformed values and 4 vec4s of filters, then does 16 vec4 FMAs. The output group comes
// from workgroup_id, so filter loads are uniform across a workgroup. No workgroup memory, no barriers.
//
// Layouts: transformed [batch][channels][tiles] f32; filters [batch][channels][out_groups] vec4 (output channels
// padded with zeros to a multiple of 16, src/kernels/winograd.ts); products [batch][tiles][out_groups] vec4.
// Dispatch (src/kernels/winograd.ts): x = one workgroup per GROUPS output groups; y covers ⌈tiles / 4⌉; z = batch.

const PIXELS: u32 = 4u; // tiles per invocation
const GROUPS: u32 = 4u; // vec4 groups of output channels per invocation

override WORKGROUP_SIZE: u32 = 16u;

struct Params {
  channels: u32,
  tiles: u32,
  out_groups: u32, // padded output channels / 4
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> transformed: array<f32>;
@group(0) @binding(2) var<storage, read> filters: array<vec4f>;
@group(0) @binding(3) var<storage, read_write> products: array<vec4f>;

// Every read of filters goes through here: with precision 'f16' they are stored as vec4h and widened to f32
// (src/kernels/halfFloat.ts rewrites this function and the binding).
fn filters_at(i: u32) -> vec4f {
  return filters[i];
}

fn store(base: u32, t: u32, group: u32, v: vec4f) {
  if (t < params.tiles) {
    products[base + t * params.out_groups + group] = v;
  }
}

@compute @workgroup_size(1, WORKGROUP_SIZE, 1)
fn main(@builtin(global_invocation_id) id: vec3u, @builtin(workgroup_id) workgroup: vec3u) {
  let t0 = id.y * PIXELS;
  if (t0 >= params.tiles) {
    return;
  }
  let batch = workgroup.z;
  let group0 = workgroup.x * GROUPS;
  let last = params.tiles - 1u; // tiles past the end compute a copy of the last, never stored
  let at = vec4u(min(t0, last), min(t0 + 1u, last), min(t0 + 2u, last), min(t0 + 3u, last)) + vec4u(batch * params.channels * params.tiles);

  var a00 = vec4f(0.0); var a01 = vec4f(0.0); var a02 = vec4f(0.0); var a03 = vec4f(0.0);
  var a10 = vec4f(0.0); var a11 = vec4f(0.0); var a12 = vec4f(0.0); var a13 = vec4f(0.0);
  var a20 = vec4f(0.0); var a21 = vec4f(0.0); var a22 = vec4f(0.0); var a23 = vec4f(0.0);
  var a30 = vec4f(0.0); var a31 = vec4f(0.0); var a32 = vec4f(0.0); var a33 = vec4f(0.0);

  var f_index = batch * params.channels * params.out_groups + group0; // filters[batch][c][group0 + g]
  for (var c = 0u; c < params.channels; c++) {
    let o = at + vec4u(c * params.tiles);
    let p0 = vec4f(transformed[o.x]);
    let p1 = vec4f(transformed[o.y]);
    let p2 = vec4f(transformed[o.z]);
    let p3 = vec4f(transformed[o.w]);
    let f0 = filters_at(f_index);
    let f1 = filters_at(f_index + 1u);
    let f2 = filters_at(f_index + 2u);
    let f3 = filters_at(f_index + 3u);
    f_index += params.out_groups;
    a00 = fma(p0, f0, a00); a01 = fma(p0, f1, a01); a02 = fma(p0, f2, a02); a03 = fma(p0, f3, a03);
    a10 = fma(p1, f0, a10); a11 = fma(p1, f1, a11); a12 = fma(p1, f2, a12); a13 = fma(p1, f3, a13);
    a20 = fma(p2, f0, a20); a21 = fma(p2, f1, a21); a22 = fma(p2, f2, a22); a23 = fma(p2, f3, a23);
    a30 = fma(p3, f0, a30); a31 = fma(p3, f1, a31); a32 = fma(p3, f2, a32); a33 = fma(p3, f3, a33);
  }
  let base = batch * params.tiles * params.out_groups;
  store(base, t0, group0, a00); store(base, t0, group0 + 1u, a01); store(base, t0, group0 + 2u, a02); store(base, t0, group0 + 3u, a03);
  store(base, t0 + 1u, group0, a10); store(base, t0 + 1u, group0 + 1u, a11); store(base, t0 + 1u, group0 + 2u, a12); store(base, t0 + 1u, group0 + 3u, a13);
  store(base, t0 + 2u, group0, a20); store(base, t0 + 2u, group0 + 1u, a21); store(base, t0 + 2u, group0 + 2u, a22); store(base, t0 + 2u, group0 + 3u, a23);
  store(base, t0 + 3u, group0, a30); store(base, t0 + 3u, group0 + 1u, a31); store(base, t0 + 3u, group0 + 2u, a32); store(base, t0 + 3u, group0 + 3u, a33);
}
