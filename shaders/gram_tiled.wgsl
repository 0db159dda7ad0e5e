// gram_tiled: the same GEMM as gram.wgsl (gram[p][q] = Σ_c content[c, band_start + p] · weighted_style[c][q], content
// read at c · channel_stride + p · pixel_stride) tiled through workgroup memory, the shape GPUs want: a workgroup
// computes 64 band pixels × 64 style pixels. Per step of CHUNK channels its 64 invocations stage the tile's content
// (each one pixel's CHUNK values) and style (CHUNK × 16 vec4 groups), then each computes its register tile of 4
// pixels × 16 style pixels from there. The channels are summed in order, one fma each, as in gram.wgsl: the same
// result, bit for bit.
//
// Layouts: as gram.wgsl. Dispatch (src/kernels/match.ts): workgroups x = one per TILE_GROUPS style groups; y =
// ⌈band_pixels / 64⌉.

const TILE_PIXELS: u32 = 64u; // band pixels per workgroup
const TILE_GROUPS: u32 = 16u; // vec4 groups of style pixels per workgroup (64 style pixels)
const CHUNK: u32 = 16u; // channels staged per step: 8 KiB of workgroup memory
const QUADS: u32 = TILE_PIXELS / 4u; // pixel quads of the tile
const WORKGROUP: u32 = 64u; // one invocation per staged pixel, and per (quad, 4 style groups) computed

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

// pixels[c · QUADS + quad][i]: channel c of pixel i of the quad.
var<workgroup> pixels: array<vec4f, CHUNK * QUADS>;
// styles[c · TILE_GROUPS + group]: channel c of the tile's style group.
var<workgroup> styles: array<vec4f, CHUNK * TILE_GROUPS>;

fn store(p: u32, group: u32, v: vec4f) {
  if (p < params.band_pixels) {
    gram[p * params.style_groups + group] = v;
  }
}

@compute @workgroup_size(WORKGROUP)
fn main(@builtin(workgroup_id) workgroup: vec3u, @builtin(local_invocation_index) local: u32) {
  let pixel_base = workgroup.y * TILE_PIXELS;
  let group_base = workgroup.x * TILE_GROUPS;
  // The pixel this invocation stages: past the band's end, a copy of its last (never stored).
  let staged = (min(pixel_base + local, params.band_pixels - 1u) + params.band_start) * params.pixel_stride;
  // Its register tile: quad × 4 style groups.
  let quad = local % QUADS;
  let group0 = (local / QUADS) * 4u; // within the tile

  var a00 = vec4f(0.0); var a01 = vec4f(0.0); var a02 = vec4f(0.0); var a03 = vec4f(0.0);
  var a10 = vec4f(0.0); var a11 = vec4f(0.0); var a12 = vec4f(0.0); var a13 = vec4f(0.0);
  var a20 = vec4f(0.0); var a21 = vec4f(0.0); var a22 = vec4f(0.0); var a23 = vec4f(0.0);
  var a30 = vec4f(0.0); var a31 = vec4f(0.0); var a32 = vec4f(0.0); var a33 = vec4f(0.0);

  for (var c0 = 0u; c0 < params.channels; c0 += CHUNK) {
    // Stage. Reads past the last channel or style group are clamped into the buffers; their products are never
    // summed (the channel loop below stops at the last) or never stored (the groups).
    for (var c = 0u; c < CHUNK; c++) {
      pixels[c * QUADS + local / 4u][local % 4u] = content[min(staged + (c0 + c) * params.channel_stride, arrayLength(&content) - 1u)];
    }
    for (var i = local; i < CHUNK * TILE_GROUPS; i += WORKGROUP) {
      let at = (c0 + i / TILE_GROUPS) * params.style_groups + group_base + i % TILE_GROUPS;
      styles[i] = weighted_style[min(at, arrayLength(&weighted_style) - 1u)];
    }
    workgroupBarrier();

    for (var c = 0u; c < min(CHUNK, params.channels - c0); c++) {
      let p = pixels[c * QUADS + quad];
      let s = c * TILE_GROUPS + group0;
      let s0 = styles[s];
      let s1 = styles[s + 1u];
      let s2 = styles[s + 2u];
      let s3 = styles[s + 3u];
      let p0v = vec4f(p.x);
      let p1v = vec4f(p.y);
      let p2v = vec4f(p.z);
      let p3v = vec4f(p.w);
      a00 = fma(p0v, s0, a00); a01 = fma(p0v, s1, a01); a02 = fma(p0v, s2, a02); a03 = fma(p0v, s3, a03);
      a10 = fma(p1v, s0, a10); a11 = fma(p1v, s1, a11); a12 = fma(p1v, s2, a12); a13 = fma(p1v, s3, a13);
      a20 = fma(p2v, s0, a20); a21 = fma(p2v, s1, a21); a22 = fma(p2v, s2, a22); a23 = fma(p2v, s3, a23);
      a30 = fma(p3v, s0, a30); a31 = fma(p3v, s1, a31); a32 = fma(p3v, s2, a32); a33 = fma(p3v, s3, a33);
    }
    workgroupBarrier();
  }

  let group = group_base + group0;
  if (group >= params.style_groups) {
    return; // after the last barrier: these style groups are past the padded count
  }
  let p0 = pixel_base + quad * 4u;
  store(p0, group, a00); store(p0, group + 1u, a01); store(p0, group + 2u, a02); store(p0, group + 3u, a03);
  store(p0 + 1u, group, a10); store(p0 + 1u, group + 1u, a11); store(p0 + 1u, group + 2u, a12); store(p0 + 1u, group + 3u, a13);
  store(p0 + 2u, group, a20); store(p0 + 2u, group + 1u, a21); store(p0 + 2u, group + 2u, a22); store(p0 + 2u, group + 3u, a23);
  store(p0 + 3u, group, a30); store(p0 + 3u, group + 1u, a31); store(p0 + 3u, group + 2u, a32); store(p0 + 3u, group + 3u, a33);
}
