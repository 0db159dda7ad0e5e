// winograd_gemm: the batched GEMM of a Winograd F(2×2, 3×3) convolution, one matrix product per transform position
// ξ (16 in all):  products[ξ][t][o] = Σ_c transformed[ξ][c][t] · filters[ξ][c][o].
// Also the benchmark's plain f32 GEMM (one batch): it is an ordinary register-tiled GEMM.
//
// GEMM view: M = tiles, N = output channels, K = input channels. Each invocation owns 8 consecutive tiles × 16
// output channels (4 vec4 groups) as named accumulators (software Vulkan keeps them in registers; arrays spill);
// per channel it loads 8 transformed values and 4 vec4s of filters, then does 32 vec4 FMAs. (On lavapipe 8 tiles
// ran 1.3× faster than 4: the filter loads are shared by twice the products.) The output group comes
// from workgroup_id, so filter loads are uniform across a workgroup. No workgroup memory, no barriers.
//
// Layouts: transformed [batch][channels][tiles] f32; filters [batch][channels][out_groups] vec4 (output channels
// padded with zeros to a multiple of 16, src/kernels/winograd.ts); products [batch][tiles][out_groups] vec4.
// Dispatch (src/kernels/winograd.ts): x = one workgroup per GROUPS output groups; y covers ⌈tiles / PIXELS⌉; z = batch.

const PIXELS: u32 = 8u; // tiles per invocation
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
  let first = vec4u(batch * params.channels * params.tiles);
  let lo = vec4u(min(t0, last), min(t0 + 1u, last), min(t0 + 2u, last), min(t0 + 3u, last)) + first;
  let hi = vec4u(min(t0 + 4u, last), min(t0 + 5u, last), min(t0 + 6u, last), min(t0 + 7u, last)) + first;

  // a<tile><group>
  var a00 = vec4f(0.0); var a01 = vec4f(0.0); var a02 = vec4f(0.0); var a03 = vec4f(0.0);
  var a10 = vec4f(0.0); var a11 = vec4f(0.0); var a12 = vec4f(0.0); var a13 = vec4f(0.0);
  var a20 = vec4f(0.0); var a21 = vec4f(0.0); var a22 = vec4f(0.0); var a23 = vec4f(0.0);
  var a30 = vec4f(0.0); var a31 = vec4f(0.0); var a32 = vec4f(0.0); var a33 = vec4f(0.0);
  var a40 = vec4f(0.0); var a41 = vec4f(0.0); var a42 = vec4f(0.0); var a43 = vec4f(0.0);
  var a50 = vec4f(0.0); var a51 = vec4f(0.0); var a52 = vec4f(0.0); var a53 = vec4f(0.0);
  var a60 = vec4f(0.0); var a61 = vec4f(0.0); var a62 = vec4f(0.0); var a63 = vec4f(0.0);
  var a70 = vec4f(0.0); var a71 = vec4f(0.0); var a72 = vec4f(0.0); var a73 = vec4f(0.0);

  var f_index = batch * params.channels * params.out_groups + group0; // filters[batch][c][group0 + g]
  for (var c = 0u; c < params.channels; c++) {
    let l = lo + vec4u(c * params.tiles);
    let h = hi + vec4u(c * params.tiles);
    let p0 = vec4f(transformed[l.x]); let p1 = vec4f(transformed[l.y]); let p2 = vec4f(transformed[l.z]); let p3 = vec4f(transformed[l.w]);
    let p4 = vec4f(transformed[h.x]); let p5 = vec4f(transformed[h.y]); let p6 = vec4f(transformed[h.z]); let p7 = vec4f(transformed[h.w]);
    let f0 = filters_at(f_index);
    let f1 = filters_at(f_index + 1u);
    let f2 = filters_at(f_index + 2u);
    let f3 = filters_at(f_index + 3u);
    f_index += params.out_groups;
    a00 = fma(p0, f0, a00); a01 = fma(p0, f1, a01); a02 = fma(p0, f2, a02); a03 = fma(p0, f3, a03);
    a10 = fma(p1, f0, a10); a11 = fma(p1, f1, a11); a12 = fma(p1, f2, a12); a13 = fma(p1, f3, a13);
    a20 = fma(p2, f0, a20); a21 = fma(p2, f1, a21); a22 = fma(p2, f2, a22); a23 = fma(p2, f3, a23);
    a30 = fma(p3, f0, a30); a31 = fma(p3, f1, a31); a32 = fma(p3, f2, a32); a33 = fma(p3, f3, a33);
    a40 = fma(p4, f0, a40); a41 = fma(p4, f1, a41); a42 = fma(p4, f2, a42); a43 = fma(p4, f3, a43);
    a50 = fma(p5, f0, a50); a51 = fma(p5, f1, a51); a52 = fma(p5, f2, a52); a53 = fma(p5, f3, a53);
    a60 = fma(p6, f0, a60); a61 = fma(p6, f1, a61); a62 = fma(p6, f2, a62); a63 = fma(p6, f3, a63);
    a70 = fma(p7, f0, a70); a71 = fma(p7, f1, a71); a72 = fma(p7, f2, a72); a73 = fma(p7, f3, a73);
  }
  let base = batch * params.tiles * params.out_groups;
  store(base, t0, group0, a00); store(base, t0, group0 + 1u, a01); store(base, t0, group0 + 2u, a02); store(base, t0, group0 + 3u, a03);
  store(base, t0 + 1u, group0, a10); store(base, t0 + 1u, group0 + 1u, a11); store(base, t0 + 1u, group0 + 2u, a12); store(base, t0 + 1u, group0 + 3u, a13);
  store(base, t0 + 2u, group0, a20); store(base, t0 + 2u, group0 + 1u, a21); store(base, t0 + 2u, group0 + 2u, a22); store(base, t0 + 2u, group0 + 3u, a23);
  store(base, t0 + 3u, group0, a30); store(base, t0 + 3u, group0 + 1u, a31); store(base, t0 + 3u, group0 + 2u, a32); store(base, t0 + 3u, group0 + 3u, a33);
  store(base, t0 + 4u, group0, a40); store(base, t0 + 4u, group0 + 1u, a41); store(base, t0 + 4u, group0 + 2u, a42); store(base, t0 + 4u, group0 + 3u, a43);
  store(base, t0 + 5u, group0, a50); store(base, t0 + 5u, group0 + 1u, a51); store(base, t0 + 5u, group0 + 2u, a52); store(base, t0 + 5u, group0 + 3u, a53);
  store(base, t0 + 6u, group0, a60); store(base, t0 + 6u, group0 + 1u, a61); store(base, t0 + 6u, group0 + 2u, a62); store(base, t0 + 6u, group0 + 3u, a63);
  store(base, t0 + 7u, group0, a70); store(base, t0 + 7u, group0 + 1u, a71); store(base, t0 + 7u, group0 + 2u, a72); store(base, t0 + 7u, group0 + 3u, a73);
}
