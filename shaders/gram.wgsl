// gram: the pixel-level correlation of a band of content pixels with every style pixel, the GEMM at the heart of
// the patch match:  gram[p][q] = Σ_c content[c, band_start + p] · weighted_style[c][q].
// A k×k patch score is then a sum of k² entries of this matrix (window_match.wgsl), so the GEMM costs
// 2·C per pixel pair instead of 2·C·k² per window pair: 9× fewer FLOPs for 3×3 patches. Only a band of content
// rows is held at a time (src/kernels/match.ts sizes it), never the nc × ns scores.
//
// GEMM view: M = band pixels, N = style pixels, K = channels. Each invocation owns 4 consecutive content pixels ×
// 16 style pixels (4 vec4 groups) as named accumulators; per channel it loads 4 content values and 4 vec4s of
// style, then does 16 vec4 FMAs. The style group comes from workgroup_id, so its loads are uniform across a
// workgroup (lavapipe loads them once). No workgroup memory, no barriers.
//
// The same GEMM projects feature maps onto a few channels for the approximate match (src/kernels/approximateMatch.ts):
// `content` is read at c · channel_stride + p · pixel_stride, so it may be channel-major (CHW: channel_stride = the
// plane's pixels, pixel_stride = 1) or pixel-major (channel_stride = 1, pixel_stride = channels).
//
// Layouts: content as above, f32; weighted_style [channels][style_groups] vec4 (the style
// features × the match-space channel weight, style pixels padded with zeros to a multiple of 16);
// gram [band_pixels][style_groups] vec4.
// Dispatch (src/kernels/match.ts): x = one workgroup per GROUPS style groups; y covers ⌈band_pixels / 4⌉.

const PIXELS: u32 = 4u; // content pixels per invocation
const GROUPS: u32 = 4u; // vec4 groups of style pixels per invocation

override WORKGROUP_SIZE: u32 = 16u;

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

@compute @workgroup_size(1, WORKGROUP_SIZE, 1)
fn main(@builtin(global_invocation_id) id: vec3u, @builtin(workgroup_id) workgroup: vec3u) {
  let p0 = id.y * PIXELS;
  if (p0 >= params.band_pixels) {
    return;
  }
  let group0 = workgroup.x * GROUPS;
  let last = params.band_pixels - 1u; // pixels past the band's end compute a copy of its last, never stored
  let at = (vec4u(min(p0, last), min(p0 + 1u, last), min(p0 + 2u, last), min(p0 + 3u, last)) + vec4u(params.band_start)) * params.pixel_stride;

  var a00 = vec4f(0.0); var a01 = vec4f(0.0); var a02 = vec4f(0.0); var a03 = vec4f(0.0);
  var a10 = vec4f(0.0); var a11 = vec4f(0.0); var a12 = vec4f(0.0); var a13 = vec4f(0.0);
  var a20 = vec4f(0.0); var a21 = vec4f(0.0); var a22 = vec4f(0.0); var a23 = vec4f(0.0);
  var a30 = vec4f(0.0); var a31 = vec4f(0.0); var a32 = vec4f(0.0); var a33 = vec4f(0.0);

  var s_index = group0; // weighted_style[c · style_groups + group0 + g]
  for (var c = 0u; c < params.channels; c++) {
    let o = at + vec4u(c * params.channel_stride);
    let p0v = vec4f(content[o.x]);
    let p1v = vec4f(content[o.y]);
    let p2v = vec4f(content[o.z]);
    let p3v = vec4f(content[o.w]);
    let s0 = weighted_style[s_index];
    let s1 = weighted_style[s_index + 1u];
    let s2 = weighted_style[s_index + 2u];
    let s3 = weighted_style[s_index + 3u];
    s_index += params.style_groups;
    a00 = fma(p0v, s0, a00); a01 = fma(p0v, s1, a01); a02 = fma(p0v, s2, a02); a03 = fma(p0v, s3, a03);
    a10 = fma(p1v, s0, a10); a11 = fma(p1v, s1, a11); a12 = fma(p1v, s2, a12); a13 = fma(p1v, s3, a13);
    a20 = fma(p2v, s0, a20); a21 = fma(p2v, s1, a21); a22 = fma(p2v, s2, a22); a23 = fma(p2v, s3, a23);
    a30 = fma(p3v, s0, a30); a31 = fma(p3v, s1, a31); a32 = fma(p3v, s2, a32); a33 = fma(p3v, s3, a33);
  }
  store(p0, group0, a00); store(p0, group0 + 1u, a01); store(p0, group0 + 2u, a02); store(p0, group0 + 3u, a03);
  store(p0 + 1u, group0, a10); store(p0 + 1u, group0 + 1u, a11); store(p0 + 1u, group0 + 2u, a12); store(p0 + 1u, group0 + 3u, a13);
  store(p0 + 2u, group0, a20); store(p0 + 2u, group0 + 1u, a21); store(p0 + 2u, group0 + 2u, a22); store(p0 + 2u, group0 + 3u, a23);
  store(p0 + 3u, group0, a30); store(p0 + 3u, group0 + 1u, a31); store(p0 + 3u, group0 + 2u, a32); store(p0 + 3u, group0 + 3u, a33);
}
