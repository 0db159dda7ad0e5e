// conv3x3_narrow: the same convolution as conv3x3.wgsl (stride 1, reflection padding 1, + bias, optional ReLU,
// optional UPSAMPLE_INPUT; no pooling) with the register tile turned for few output channels: each invocation owns
// a row of 8 pixels × 4 output channels (one vec4 group) instead of 4 pixels × 16. conv3x3's tile pads the output
// channels to 16, so a 3-channel layer (the inverse net's last) computes 13 of every 16 for nothing; here 1 of 4.
// Per (channel, tap) it loads 8 input values and one vec4 of weights, then does 8 vec4 FMAs. Named accumulators, no
// workgroup memory, no barriers; the output group comes from workgroup_id, so weight loads are uniform.
//
// Layouts: as conv3x3.wgsl (input [in_channels, input_height, input_width], output [out_channels, height, width],
// weights [in_channels × 9][out_groups] vec4 and bias [out_groups] vec4, packed by src/kernels/conv3x3.ts).
// Dispatch (src/kernels/conv3x3.ts): x = one workgroup per output group; y, z = ⌈width / 8⌉ × height.

const PIXELS: u32 = 8u; // a row of 8 pixels per invocation (named accumulators below)

override WORKGROUP_X: u32 = 8u;
override WORKGROUP_Y: u32 = 1u;
override RELU: bool = true;
override UPSAMPLE_INPUT: bool = false;

struct Params {
  in_channels: u32,
  height: u32,
  width: u32,
  out_channels: u32,
  out_groups: u32, // padded out channels / 4
}

@group(0) @binding(0) var<uniform> params: Params;
@group(0) @binding(1) var<storage, read> input: array<f32>;
@group(0) @binding(2) var<storage, read> weights: array<vec4f>;
@group(0) @binding(3) var<storage, read> bias: array<vec4f>;
@group(0) @binding(4) var<storage, read_write> output: array<f32>;

// Every read of weights goes through here: with precision 'f16' they are stored as vec4h and widened to f32
// (src/kernels/halfFloat.ts rewrites this function and the binding).
fn weights_at(i: u32) -> vec4f {
  return weights[i];
}

// Reflection about the border for i in [-1, n]; a size-1 axis reads its only element.
fn reflect_index(i: i32, n: i32) -> u32 {
  var r = select(i, -i, i < 0);
  r = select(r, 2 * n - 2 - r, r >= n);
  return u32(clamp(r, 0, n - 1));
}

fn stored(i: u32) -> u32 {
  return select(i, i / 2u, UPSAMPLE_INPUT);
}

fn store(channel0: u32, x: u32, y: u32, v: vec4f) {
  let plane = params.width * params.height;
  let activated = select(v, max(v, vec4f(0.0)), RELU);
  for (var k = 0u; k < 4u; k++) {
    if (x < params.width && channel0 + k < params.out_channels) {
      output[(channel0 + k) * plane + y * params.width + x] = activated[k];
    }
  }
}

@compute @workgroup_size(1, WORKGROUP_X, WORKGROUP_Y)
fn main(@builtin(global_invocation_id) id: vec3u, @builtin(workgroup_id) workgroup: vec3u) {
  let x0 = PIXELS * id.y;
  let y = id.z;
  if (x0 >= params.width || y >= params.height) {
    return;
  }
  let group = workgroup.x;
  let in_width = select(params.width, (params.width + 1u) / 2u, UPSAMPLE_INPUT);
  let in_height = select(params.height, (params.height + 1u) / 2u, UPSAMPLE_INPUT);
  let W = i32(params.width);
  // Source row offsets per dy, and columns per dx for the 8 pixels (lo: pixels 0–3, hi: 4–7).
  var rows: vec3u;
  var lo: array<vec4u, 3>;
  var hi: array<vec4u, 3>;
  for (var d = 0; d < 3; d++) {
    rows[d] = stored(reflect_index(i32(y) + d - 1, i32(params.height))) * in_width;
    for (var i = 0; i < 4; i++) {
      lo[d][i] = stored(reflect_index(i32(x0) + i + d - 1, W));
      hi[d][i] = stored(reflect_index(i32(x0) + i + 4 + d - 1, W));
    }
  }
  var a0 = vec4f(0.0); var a1 = vec4f(0.0); var a2 = vec4f(0.0); var a3 = vec4f(0.0);
  var a4 = vec4f(0.0); var a5 = vec4f(0.0); var a6 = vec4f(0.0); var a7 = vec4f(0.0);
  let plane = in_width * in_height;
  var w_index = group; // weights[(c · 9 + tap) · out_groups + group]
  for (var c = 0u; c < params.in_channels; c++) {
    for (var tap = 0u; tap < 9u; tap++) {
      let dy = tap / 3u;
      let dx = tap % 3u;
      let row = c * plane + rows[dy];
      let l = vec4u(row) + select(select(lo[2], lo[1], dx == 1u), lo[0], dx == 0u);
      let h = vec4u(row) + select(select(hi[2], hi[1], dx == 1u), hi[0], dx == 0u);
      let w = weights_at(w_index);
      w_index += params.out_groups;
      a0 = fma(vec4f(input[l.x]), w, a0); a1 = fma(vec4f(input[l.y]), w, a1);
      a2 = fma(vec4f(input[l.z]), w, a2); a3 = fma(vec4f(input[l.w]), w, a3);
      a4 = fma(vec4f(input[h.x]), w, a4); a5 = fma(vec4f(input[h.y]), w, a5);
      a6 = fma(vec4f(input[h.z]), w, a6); a7 = fma(vec4f(input[h.w]), w, a7);
    }
  }
  let b = bias[group];
  let ch = 4u * group;
  store(ch, x0, y, a0 + b); store(ch, x0 + 1u, y, a1 + b); store(ch, x0 + 2u, y, a2 + b); store(ch, x0 + 3u, y, a3 + b);
  store(ch, x0 + 4u, y, a4 + b); store(ch, x0 + 5u, y, a5 + b); store(ch, x0 + 6u, y, a6 + b); store(ch, x0 + 7u, y, a7 + b);
}
