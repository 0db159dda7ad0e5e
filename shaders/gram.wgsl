// gram: the pixel-level correlation of a band of content pixels with every style pixel, the GEMM at the heart of
// the patch match:  gram[p][q] = Σ_c content[c, band_start + p] · weighted_style[c][q].
// A k×k patch score is then a sum of k² entries of this matrix (window_match.wgsl), so the GEMM costs
// 2·C per pixel pair instead of 2·C·k² per window pair: 9× fewer FLOPs for 3×3 patches. Only a band of content
// rows is held at a time (src/kernels/match.ts sizes it), never the nc × ns scores.
//
// GEMM view: M = band pixels, N = style pixels, K = channels. Each invocation owns 8 consecutive content pixels ×
// 16 style pixels (4 vec4 groups) as named accumulators; per channel it loads 8 content values and 4 vec4s of
// style, then does 32 vec4 FMAs (each style load serves 8 products; on lavapipe 1.3× faster than 4 pixels). The
// style group comes from workgroup_id, so its loads are uniform across a workgroup (lavapipe loads them once). No
// workgroup memory, no barriers.
//
// The same GEMM projects feature maps onto a few channels for the approximate match (src/kernels/approximateMatch.ts):
// `content` is read at c · channel_stride + p · pixel_stride, so it may be channel-major (CHW: channel_stride = the
// plane's pixels, pixel_stride = 1) or pixel-major (channel_stride = 1, pixel_stride = channels).
//
// Layouts: content as above, f32; weighted_style [channels][style_groups] vec4 (the style
// features × the match-space channel weight, style pixels padded with zeros to a multiple of 16);
// gram [band_pixels][style_groups] vec4.
// Dispatch (src/kernels/match.ts): x = one workgroup per GROUPS style groups; y covers ⌈band_pixels / PIXELS⌉.

const PIXELS: u32 = 8u; // content pixels per invocation
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
  let first = vec4u(params.band_start);
  let lo = (vec4u(min(p0, last), min(p0 + 1u, last), min(p0 + 2u, last), min(p0 + 3u, last)) + first) * params.pixel_stride;
  let hi = (vec4u(min(p0 + 4u, last), min(p0 + 5u, last), min(p0 + 6u, last), min(p0 + 7u, last)) + first) * params.pixel_stride;

  // a<pixel><group>
  var a00 = vec4f(0.0); var a01 = vec4f(0.0); var a02 = vec4f(0.0); var a03 = vec4f(0.0);
  var a10 = vec4f(0.0); var a11 = vec4f(0.0); var a12 = vec4f(0.0); var a13 = vec4f(0.0);
  var a20 = vec4f(0.0); var a21 = vec4f(0.0); var a22 = vec4f(0.0); var a23 = vec4f(0.0);
  var a30 = vec4f(0.0); var a31 = vec4f(0.0); var a32 = vec4f(0.0); var a33 = vec4f(0.0);
  var a40 = vec4f(0.0); var a41 = vec4f(0.0); var a42 = vec4f(0.0); var a43 = vec4f(0.0);
  var a50 = vec4f(0.0); var a51 = vec4f(0.0); var a52 = vec4f(0.0); var a53 = vec4f(0.0);
  var a60 = vec4f(0.0); var a61 = vec4f(0.0); var a62 = vec4f(0.0); var a63 = vec4f(0.0);
  var a70 = vec4f(0.0); var a71 = vec4f(0.0); var a72 = vec4f(0.0); var a73 = vec4f(0.0);

  var s_index = group0; // weighted_style[c · style_groups + group0 + g]
  for (var c = 0u; c < params.channels; c++) {
    let l = lo + vec4u(c * params.channel_stride);
    let h = hi + vec4u(c * params.channel_stride);
    let c0 = vec4f(content[l.x]); let c1 = vec4f(content[l.y]); let c2 = vec4f(content[l.z]); let c3 = vec4f(content[l.w]);
    let c4 = vec4f(content[h.x]); let c5 = vec4f(content[h.y]); let c6 = vec4f(content[h.z]); let c7 = vec4f(content[h.w]);
    let s0 = weighted_style[s_index];
    let s1 = weighted_style[s_index + 1u];
    let s2 = weighted_style[s_index + 2u];
    let s3 = weighted_style[s_index + 3u];
    s_index += params.style_groups;
    a00 = fma(c0, s0, a00); a01 = fma(c0, s1, a01); a02 = fma(c0, s2, a02); a03 = fma(c0, s3, a03);
    a10 = fma(c1, s0, a10); a11 = fma(c1, s1, a11); a12 = fma(c1, s2, a12); a13 = fma(c1, s3, a13);
    a20 = fma(c2, s0, a20); a21 = fma(c2, s1, a21); a22 = fma(c2, s2, a22); a23 = fma(c2, s3, a23);
    a30 = fma(c3, s0, a30); a31 = fma(c3, s1, a31); a32 = fma(c3, s2, a32); a33 = fma(c3, s3, a33);
    a40 = fma(c4, s0, a40); a41 = fma(c4, s1, a41); a42 = fma(c4, s2, a42); a43 = fma(c4, s3, a43);
    a50 = fma(c5, s0, a50); a51 = fma(c5, s1, a51); a52 = fma(c5, s2, a52); a53 = fma(c5, s3, a53);
    a60 = fma(c6, s0, a60); a61 = fma(c6, s1, a61); a62 = fma(c6, s2, a62); a63 = fma(c6, s3, a63);
    a70 = fma(c7, s0, a70); a71 = fma(c7, s1, a71); a72 = fma(c7, s2, a72); a73 = fma(c7, s3, a73);
  }
  store(p0, group0, a00); store(p0, group0 + 1u, a01); store(p0, group0 + 2u, a02); store(p0, group0 + 3u, a03);
  store(p0 + 1u, group0, a10); store(p0 + 1u, group0 + 1u, a11); store(p0 + 1u, group0 + 2u, a12); store(p0 + 1u, group0 + 3u, a13);
  store(p0 + 2u, group0, a20); store(p0 + 2u, group0 + 1u, a21); store(p0 + 2u, group0 + 2u, a22); store(p0 + 2u, group0 + 3u, a23);
  store(p0 + 3u, group0, a30); store(p0 + 3u, group0 + 1u, a31); store(p0 + 3u, group0 + 2u, a32); store(p0 + 3u, group0 + 3u, a33);
  store(p0 + 4u, group0, a40); store(p0 + 4u, group0 + 1u, a41); store(p0 + 4u, group0 + 2u, a42); store(p0 + 4u, group0 + 3u, a43);
  store(p0 + 5u, group0, a50); store(p0 + 5u, group0 + 1u, a51); store(p0 + 5u, group0 + 2u, a52); store(p0 + 5u, group0 + 3u, a53);
  store(p0 + 6u, group0, a60); store(p0 + 6u, group0 + 1u, a61); store(p0 + 6u, group0 + 2u, a62); store(p0 + 6u, group0 + 3u, a63);
  store(p0 + 7u, group0, a70); store(p0 + 7u, group0 + 1u, a71); store(p0 + 7u, group0 + 2u, a72); store(p0 + 7u, group0 + 3u, a73);
}
