// image_to_tensor: RGBA8 pixels → planar RGB in [0,1] ([3, out_height, out_width] f32), with three jobs in one
// pass: (1) downscaling from the source size to the scaled size by an exact box filter (each output pixel is the
// area-weighted mean of the source pixels its footprint covers; at equal sizes this is a plain copy); (2) padding
// the scaled image by reflection up to a multiple of 4 (what the encoder sees); (3) BGRA sources. The output is the
// out_width × out_height window of that padded image at (crop_x, crop_y): all of it, or one tile of a tiled run.
// Input: one u32 per pixel, red in the low byte (blue with BGRA), rows src_row_pixels apart (a texture copy pads
// rows to 256 bytes). A large image comes in strips: `pixels` then holds source rows from src_first_row on, and one
// dispatch per strip computes output rows [out_first_row, out_first_row + out_rows), the rows whose footprints lie
// in that strip. With ALPHA, the box-filtered alpha also goes to `alpha` ([out_height, out_width] f32 in [0,1],
// laid out like one plane of the output), for the result to carry the content's transparency; else `alpha` is not
// written. One invocation per output pixel; dispatch (src/kernels/imageToTensor.ts).

override WORKGROUP_X: u32 = 16u;
override WORKGROUP_Y: u32 = 4u;
override BGRA: bool = false;
override ALPHA: bool = false;

struct Params {
  src_width: u32,
  src_height: u32,
  src_row_pixels: u32,
  scaled_width: u32,
  scaled_height: u32,
  out_width: u32,
  out_height: u32,
  src_first_row: u32,
  out_first_row: u32,
  out_rows: u32,
  crop_x: u32,
  crop_y: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> pixels: array<u32>;
@group(0) @binding(2) var<storage, read_write> output: array<f32>;
@group(0) @binding(3) var<storage, read_write> alpha: array<f32>;

// Reflection into [0, n) for i in [0, 2n − 1).
fn reflect_into(i: u32, n: u32) -> u32 {
  return select(i, min(2u * n - 2u - min(i, 2u * n - 2u), n - 1u), i >= n);
}

// RGB and alpha of source pixel i, 0..255.
fn rgba(i: u32) -> vec4f {
  let v = pixels[i];
  let c = vec4f(f32(v & 0xffu), f32((v >> 8u) & 0xffu), f32((v >> 16u) & 0xffu), f32(v >> 24u));
  return select(c, c.zyxw, BGRA);
}

@compute @workgroup_size(WORKGROUP_X, WORKGROUP_Y, 1)
fn main(@builtin(global_invocation_id) gid: vec3u) {
  let id = vec2u(gid.x, gid.y + params.out_first_row);
  if (id.x >= params.out_width || gid.y >= params.out_rows) {
    return;
  }
  let x = reflect_into(id.x + params.crop_x, params.scaled_width);
  let y = reflect_into(id.y + params.crop_y, params.scaled_height);
  // The footprint [x0, x1) × [y0, y1) of scaled pixel (x, y) in source pixels.
  let fx = f32(params.src_width) / f32(params.scaled_width);
  let fy = f32(params.src_height) / f32(params.scaled_height);
  let x0 = f32(x) * fx;
  let x1 = min(f32(x + 1u) * fx, f32(params.src_width));
  let y0 = f32(y) * fy;
  let y1 = min(f32(y + 1u) * fy, f32(params.src_height));
  var sum = vec4f(0.0);
  var area = 0.0;
  for (var sy = u32(y0); f32(sy) < y1; sy++) {
    let wy = min(y1, f32(sy + 1u)) - max(y0, f32(sy));
    for (var sx = u32(x0); f32(sx) < x1; sx++) {
      let w = wy * (min(x1, f32(sx + 1u)) - max(x0, f32(sx)));
      sum += w * rgba((sy - params.src_first_row) * params.src_row_pixels + sx);
      area += w;
    }
  }
  let value = sum / (area * 255.0);
  let plane = params.out_width * params.out_height;
  let i = id.y * params.out_width + id.x;
  output[i] = value.x;
  output[plane + i] = value.y;
  output[2u * plane + i] = value.z;
  if (ALPHA) {
    alpha[i] = value.w;
  }
}
