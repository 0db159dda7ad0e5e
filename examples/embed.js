// Embed: the library renders into the engine's own texture, on the engine's own device; the engine draws it.
import { createStyleSwap } from '/dist/index.js';
import { SAMPLES, checkWebGpu, loadBitmap, sampleUrl, createRememberingStyleSwap } from './common.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const SIZE = Number(params.get('size') ?? 256); // the long side of the stylized image

// The engine's part: a full-screen quad that samples one texture, optionally wobbling.
const QUAD = /* wgsl */ `
struct Frame { time: f32, wobble: f32 }
@group(0) @binding(0) var picture: texture_2d<f32>;
@group(0) @binding(1) var<uniform> frame: Frame;

struct VertexOut { @builtin(position) position: vec4f, @location(0) uv: vec2f }

@vertex fn vertex_main(@builtin(vertex_index) i: u32) -> VertexOut {
  let corner = vec2f(f32(i & 1u), f32(i >> 1u)); // triangle strip: (0,0) (1,0) (0,1) (1,1)
  let wobble = frame.wobble * 0.05 * sin(frame.time + corner.x * 3.0);
  var out: VertexOut;
  out.position = vec4f(corner * 2.0 - 1.0 + vec2f(0.0, wobble), 0.0, 1.0);
  out.uv = vec2f(corner.x, 1.0 - corner.y);
  return out;
}

@fragment fn fragment_main(in: VertexOut) -> @location(0) vec4f {
  let size = vec2f(textureDimensions(picture));
  return textureLoad(picture, vec2u(min(in.uv * size, size - 1.0)), 0);
}`;

async function main() {
  if (!(await checkWebGpu($('error')))) return;
  const adapter = await navigator.gpu.requestAdapter();
  const device = await adapter.requestDevice();
  device.addEventListener('uncapturederror', (e) => console.error(`WebGPU error: ${e.error.message}`));

  const content = await loadBitmap(sampleUrl(params.get('content') ?? 'chelsea'));
  const scale = Math.min(1, SIZE / Math.max(content.width, content.height));
  const width = Math.round(content.width * scale);
  const height = Math.round(content.height * scale);

  const canvas = $('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('webgpu');
  const format = navigator.gpu.getPreferredCanvasFormat();
  // COPY_SRC only so that the tests can read back what the canvas shows.
  context.configure({ device, format, alphaMode: 'opaque', usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_SRC });

  // The texture the library writes into and the engine samples.
  const picture = device.createTexture({
    label: 'stylized picture',
    size: { width, height },
    format: 'rgba8unorm',
    usage: GPUTextureUsage.COPY_DST | GPUTextureUsage.TEXTURE_BINDING,
  });
  const frameUniform = device.createBuffer({ size: 16, usage: GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST });
  const module = device.createShaderModule({ code: QUAD });
  const pipeline = device.createRenderPipeline({
    layout: 'auto',
    vertex: { module, entryPoint: 'vertex_main' },
    fragment: { module, entryPoint: 'fragment_main', targets: [{ format }] },
    primitive: { topology: 'triangle-strip' },
  });
  const bindGroup = device.createBindGroup({
    layout: pipeline.getBindGroupLayout(0),
    entries: [
      { binding: 0, resource: picture.createView() },
      { binding: 1, resource: { buffer: frameUniform } },
    ],
  });

  function draw(time) {
    device.queue.writeBuffer(frameUniform, 0, new Float32Array([time / 500, $('wobble').checked ? 1 : 0]));
    const encoder = device.createCommandEncoder();
    const pass = encoder.beginRenderPass({
      colorAttachments: [{ view: context.getCurrentTexture().createView(), loadOp: 'clear', storeOp: 'store', clearValue: [0, 0, 0, 1] }],
    });
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.draw(4);
    pass.end();
    device.queue.submit([encoder.finish()]);
  }
  const loop = (time) => {
    draw(time);
    requestAnimationFrame(loop);
  };

  // The library's part: same device, result into `picture`.
  const swap = await createRememberingStyleSwap(createStyleSwap, { device });
  const styles = SAMPLES.style;
  let next = Math.max(0, styles.indexOf(params.get('style') ?? styles[0]));
  async function stylize() {
    const name = styles[next];
    next = (next + 1) % styles.length;
    $('status').textContent = `Stylizing with ${name}…`;
    const started = performance.now();
    const style = await loadBitmap(sampleUrl(name));
    await swap.stylize(content, style, { target: picture, maxContentSize: SIZE, maxStyleSize: Number(params.get('maxStyleSize') ?? 256) });
    await device.queue.onSubmittedWorkDone();
    $('status').textContent =
      `Drawn from the library's texture: ${name}, ${width}×${height}, ${(performance.now() - started).toFixed(0)} ms on ${swap.adapter}.`;
    window.embedDone = { style: name, width, height };
  }
  $('restyle').addEventListener('click', () => stylize().catch(showError));
  requestAnimationFrame(loop);
  await stylize();

  /** For the tests: draws one frame and reads back the canvas texture it drew into, as RGBA bytes. */
  window.embedPixels = async () => {
    $('wobble').checked = false;
    draw(0);
    const rowBytes = Math.ceil((4 * width) / 256) * 256;
    const readback = device.createBuffer({ size: rowBytes * height, usage: GPUBufferUsage.COPY_DST | GPUBufferUsage.MAP_READ });
    const encoder = device.createCommandEncoder();
    encoder.copyTextureToBuffer({ texture: context.getCurrentTexture() }, { buffer: readback, bytesPerRow: rowBytes }, { width, height });
    device.queue.submit([encoder.finish()]);
    await readback.mapAsync(GPUMapMode.READ);
    const bytes = new Uint8Array(readback.getMappedRange());
    const rgba = [];
    const bgra = format === 'bgra8unorm';
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = y * rowBytes + 4 * x;
        rgba.push(bytes[i + (bgra ? 2 : 0)], bytes[i + 1], bytes[i + (bgra ? 0 : 2)], bytes[i + 3]);
      }
    }
    readback.destroy();
    return rgba;
  };
}

function showError(error) {
  $('error').textContent = `Error: ${error.message}`;
  $('error').hidden = false;
  console.error(error);
}

main().catch(showError);
