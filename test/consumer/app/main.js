// What a user writes: two images, one call, no options. The weights come from the package itself.
import { styleSwap } from 'webgpu-style-swap';

async function loadImage(url) {
  const image = new Image();
  image.src = url;
  await image.decode();
  return image;
}

async function run() {
  const [content, style] = await Promise.all([loadImage(new URL('./content.png', import.meta.url)), loadImage(new URL('./style.png', import.meta.url))]);
  const result = await styleSwap(content, style);
  const canvas = document.getElementById('result');
  Object.assign(canvas, { width: result.width, height: result.height });
  canvas.getContext('2d').putImageData(new ImageData(result.data, result.width, result.height), 0, 0);
  return { width: result.width, height: result.height, data: Array.from(result.data) };
}

window.stylized = run().catch((error) => ({ error: String(error?.stack ?? error) }));
