// gram_subgroup: the same GEMM as gram.wgsl (gram[p][q] = Σ_c content[c, band_start + p] · weighted_style[c][q],
// content read at c · channel_stride + p · pixel_stride) for adapters with subgroups: a workgroup computes 64 band
// pixels × 64 style pixels, each invocation 4 pixels × 16 style pixels, and the 4 invocations of a pixel quad
// (4 consecutive invocations) load one content value each per channel and pass them round by subgroupShuffle (1 load
// and 4 shuffles instead of 4 loads; no workgroup memory, no barriers). The channels are summed in order, one fma
// each, as in gram.wgsl: the same result, bit for bit.
//
// WGSL does not say how a workgroup's invocations are grouped into subgroups: the quads are sent round only where
// each quad's 4 invocations are 4 lanes of one subgroup (checked once, per subgroup); elsewhere each invocation loads
// its quad's 4 values itself, as gram.wgsl does. SHUFFLE off forces that path (for the tests).
//
// Layouts: as gram.wgsl. Dispatch (src/kernels/match.ts): workgroups x = one per TILE_GROUPS style groups; y =
// ⌈band_pixels / 64⌉.
enable subgroups;

const TILE_PIXELS: u32 = 64u; // band pixels per workgroup
const TILE_GROUPS: u32 = 16u; // vec4 groups of style pixels per workgroup (64 style pixels)
const WORKGROUP: u32 = 64u; // one invocation per (pixel quad, 4 style groups)

override SHUFFLE: bool = true;

struct Params {
  channels: u32,
  channel_stride: u32, // content floats between channels
  pixel_stride: u32, // content floats between pixels
  band_start: u32, // first content pixel of the band
  band_pixels: u32,
  style_groups: u32, // padded style pixels / 4
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> content: array<f32>;
@group(0) @binding(2) var<storage, read> weighted_style: array<vec4f>;
@group(0) @binding(3) var<storage, read_write> gram: array<vec4f>;

fn store(p: u32, group: u32, v: vec4f) {
  if (p < params.band_pixels) {
    gram[p * params.style_groups + group] = v;
  }
}

@compute @workgroup_size(WORKGROUP)
fn main(@builtin(workgroup_id) workgroup: vec3u, @builtin(local_invocation_index) local: u32, @builtin(subgroup_invocation_id) lane: u32, @builtin(subgroup_size) size: u32) {
  let which = local % 4u; // which of its quad's pixels this invocation loads
  let p0 = workgroup.y * TILE_PIXELS + local - which;
  let group = workgroup.x * TILE_GROUPS + which * 4u; // and the 4 style groups it computes
  // The lane that loads the quad's first pixel, if the quad is 4 lanes of this subgroup, in order.
  let quad_lane = lane - min(which, lane);
  let i0 = subgroupShuffle(local, quad_lane);
  let i1 = subgroupShuffle(local, quad_lane + 1u);
  let i2 = subgroupShuffle(local, quad_lane + 2u);
  let i3 = subgroupShuffle(local, quad_lane + 3u);
  let laid_out = lane >= which && quad_lane + 3u < size && all(vec4u(i0, i1, i2, i3) == vec4u(local - which) + vec4u(0u, 1u, 2u, 3u));
  let by_shuffle = SHUFFLE && subgroupAll(laid_out);
  // The pixels of the quad: past the band's end, copies of its last (never stored).
  let last = params.band_pixels - 1u;
  let at = (min(vec4u(p0) + vec4u(0u, 1u, 2u, 3u), vec4u(last)) + vec4u(params.band_start)) * params.pixel_stride;
  // Style groups past the padded count read clamped addresses and are never stored.
  let last_style = arrayLength(&weighted_style) - 4u;

  var a00 = vec4f(0.0); var a01 = vec4f(0.0); var a02 = vec4f(0.0); var a03 = vec4f(0.0);
  var a10 = vec4f(0.0); var a11 = vec4f(0.0); var a12 = vec4f(0.0); var a13 = vec4f(0.0);
  var a20 = vec4f(0.0); var a21 = vec4f(0.0); var a22 = vec4f(0.0); var a23 = vec4f(0.0);
  var a30 = vec4f(0.0); var a31 = vec4f(0.0); var a32 = vec4f(0.0); var a33 = vec4f(0.0);

  for (var c = 0u; c < params.channels; c++) {
    let o = at + vec4u(c * params.channel_stride);
    let value = content[o[which]];
    var p = vec4f(subgroupShuffle(value, quad_lane), subgroupShuffle(value, quad_lane + 1u), subgroupShuffle(value, quad_lane + 2u), subgroupShuffle(value, quad_lane + 3u));
    if (!by_shuffle) {
      p = vec4f(content[o.x], content[o.y], content[o.z], content[o.w]);
    }
    let p0v = vec4f(p.x);
    let p1v = vec4f(p.y);
    let p2v = vec4f(p.z);
    let p3v = vec4f(p.w);
    let s = min(c * params.style_groups + group, last_style);
    let s0 = weighted_style[s];
    let s1 = weighted_style[s + 1u];
    let s2 = weighted_style[s + 2u];
    let s3 = weighted_style[s + 3u];
    a00 = fma(p0v, s0, a00); a01 = fma(p0v, s1, a01); a02 = fma(p0v, s2, a02); a03 = fma(p0v, s3, a03);
    a10 = fma(p1v, s0, a10); a11 = fma(p1v, s1, a11); a12 = fma(p1v, s2, a12); a13 = fma(p1v, s3, a13);
    a20 = fma(p2v, s0, a20); a21 = fma(p2v, s1, a21); a22 = fma(p2v, s2, a22); a23 = fma(p2v, s3, a23);
    a30 = fma(p3v, s0, a30); a31 = fma(p3v, s1, a31); a32 = fma(p3v, s2, a32); a33 = fma(p3v, s3, a33);
  }

  if (group >= params.style_groups) {
    return;
  }
  store(p0, group, a00); store(p0, group + 1u, a01); store(p0, group + 2u, a02); store(p0, group + 3u, a03);
  store(p0 + 1u, group, a10); store(p0 + 1u, group + 1u, a11); store(p0 + 1u, group + 2u, a12); store(p0 + 1u, group + 3u, a13);
  store(p0 + 2u, group, a20); store(p0 + 2u, group + 1u, a21); store(p0 + 2u, group + 2u, a22); store(p0 + 2u, group + 3u, a23);
  store(p0 + 3u, group, a30); store(p0 + 3u, group + 1u, a31); store(p0 + 3u, group + 2u, a32); store(p0 + 3u, group + 3u, a33);
}
