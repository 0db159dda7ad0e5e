// reflect_padding: the image's reflection padding (to a multiple of 4, what the encoder reads) and its adjoint, on
// planes of [channels, padded_height, padded_width] f32 whose top-left width × height is the image. FILL writes each
// padding position from the image pixel it reflects (reflect_into, as image_to_tensor.wgsl pads); else (the adjoint)
// each image position adds the gradients of the padding positions that reflect onto it. Neither touches what the
// other reads: FILL writes only padding, the adjoint writes only the image.
// One invocation per padded position; dispatch: x, y over the padded plane, z over the channels.

override WORKGROUP_X: u32 = 16u;
override WORKGROUP_Y: u32 = 4u;
override FILL: bool = true;

struct Params {
  channels: u32,
  width: u32,
  height: u32,
  padded_width: u32,
  padded_height: u32,
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read_write> planes: array<f32>;

// Reflection into [0, n) for i in [0, 2n − 1), as image_to_tensor.wgsl.
fn reflect_into(i: u32, n: u32) -> u32 {
  return select(i, min(2u * n - 2u - min(i, 2u * n - 2u), n - 1u), i >= n);
}

fn at(c: u32, y: u32, x: u32) -> u32 {
  return (c * params.padded_height + y) * params.padded_width + x;
}

@compute @workgroup_size(WORKGROUP_X, WORKGROUP_Y, 1)
fn main(@builtin(global_invocation_id) id: vec3u) {
  let x = id.x;
  let y = id.y;
  let c = id.z;
  if (x >= params.padded_width || y >= params.padded_height || c >= params.channels) {
    return;
  }
  let inside = x < params.width && y < params.height;
  if (FILL) {
    if (!inside) {
      planes[at(c, y, x)] = planes[at(c, reflect_into(y, params.height), reflect_into(x, params.width))];
    }
    return;
  }
  if (!inside) {
    return;
  }
  // Every padding position (py, px) with reflect(py) = y and reflect(px) = x, py ≥ height or px ≥ width.
  var sum = 0.0;
  for (var py = y; py < params.padded_height; py++) {
    if (reflect_into(py, params.height) != y) {
      continue;
    }
    for (var px = x; px < params.padded_width; px++) {
      if (reflect_into(px, params.width) == x && (py >= params.height || px >= params.width)) {
        sum += planes[at(c, py, px)];
      }
    }
  }
  planes[at(c, y, x)] += sum;
}
