// A module worker that owns a StyleSwap instance: the page posts two ImageBitmaps (transferred) and options, and
// gets the stylized pixels back (transferred), so a long stylization never blocks the page's main thread. With a
// transferred OffscreenCanvas (`canvas`), the worker draws the result into it on the GPU instead (no readback).
import { createStyleSwap } from '/dist/index.js';
import { readTexture } from './common.js';

// The page's first message is its own instance's tuning record ({ tuning }): the worker's instance then skips the
// timing and runs the same conv variants, so both give the same bytes. (On its own, a worker would just call
// createStyleSwap() and measure.) The weights are found beside the bundle, in a worker as on a page.
let swap;

self.onmessage = async ({ data }) => {
  if ('tuning' in data) {
    swap = createStyleSwap({ tuning: data.tuning });
    return;
  }
  const { id, content, style, options, canvas } = data;
  try {
    const instance = await swap;
    if (canvas) {
      self.postMessage({ id, ...(await intoCanvas(instance, canvas, content, style, options)) });
    } else {
      const result = await instance.stylize(content, style, options);
      self.postMessage({ id, width: result.width, height: result.height, data: result.data }, [result.data.buffer]);
    }
  } catch (error) {
    self.postMessage({ id, error: error.message, code: error.code });
  } finally {
    content.close();
    style.close();
  }
};

/**
 * Stylizes into a texture of ours, then copies it into the canvas's current texture in one synchronous step: a
 * canvas texture expires at the end of the task that got it, and a stylize call spans several tasks.
 */
async function intoCanvas(instance, canvas, content, style, options) {
  const { device } = instance;
  const matched = await instance.match(content, style, options);
  const size = [matched.width, matched.height];
  const rendered = device.createTexture({ size, format: 'rgba8unorm', usage: GPUTextureUsage.COPY_DST | GPUTextureUsage.COPY_SRC });
  try {
    await matched.render({ target: rendered });
    Object.assign(canvas, { width: matched.width, height: matched.height });
    const context = canvas.getContext('webgpu');
    context.configure({ device, format: 'rgba8unorm', alphaMode: 'premultiplied', usage: GPUTextureUsage.RENDER_ATTACHMENT | GPUTextureUsage.COPY_DST });
    const encoder = device.createCommandEncoder();
    encoder.copyTextureToTexture({ texture: rendered }, { texture: context.getCurrentTexture() }, size);
    device.queue.submit([encoder.finish()]);
    return { width: matched.width, height: matched.height, data: await readTexture(device, rendered) };
  } finally {
    matched.destroy();
    rendered.destroy();
  }
}
