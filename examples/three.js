// three.js: the library writes into textures of a WebGPURenderer, on the renderer's own device.
//   ?mode=texture (default): a cube whose texture is a stylized image.
//   ?mode=post: every rendered frame stylized with a prepared style, then shown (post-processing).
// ?size= sets the stylized image's long side; the tests read the results back through three (window.threeExample).
import * as THREE from 'three/webgpu';
import { createStyleSwap } from 'webgpu-style-swap';
import { threeDevice, threeTexture } from 'webgpu-style-swap/three';
import { checkWebGpu, frameRate, loadBitmap, sampleUrl, createRememberingStyleSwap } from './common.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const MODE = params.get('mode') ?? 'texture';
const SIZE = Number(params.get('size') ?? 256);
const STYLE_SIZE = Number(params.get('maxStyleSize') ?? 256);

/** A colour render target three reads as sRGB: its GPUTexture is rgba8unorm-srgb, which the library reads and writes. */
const srgbTarget = (width, height, depthBuffer = false) => new THREE.RenderTarget(width, height, { colorSpace: THREE.SRGBColorSpace, depthBuffer });

async function textureMode(renderer, swap) {
  const content = await loadBitmap(sampleUrl(params.get('content') ?? 'chelsea'));
  const style = await loadBitmap(sampleUrl(params.get('style') ?? 'hubble_deep_field'));
  const scale = Math.min(1, SIZE / Math.max(content.width, content.height));
  const picture = srgbTarget(Math.round(content.width * scale), Math.round(content.height * scale));
  await swap.stylize(content, style, { maxContentSize: SIZE, maxStyleSize: STYLE_SIZE, target: threeTexture(renderer, picture.texture) });

  const scene = new THREE.Scene();
  scene.background = new THREE.Color(0x202020);
  const camera = new THREE.PerspectiveCamera(45, renderer.domElement.width / renderer.domElement.height, 0.1, 10);
  camera.position.z = 2.6;
  const cube = new THREE.Mesh(new THREE.BoxGeometry(1, 1, 1), new THREE.MeshBasicMaterial({ map: picture.texture }));
  scene.add(cube);
  renderer.setAnimationLoop((time) => {
    cube.rotation.set(0.4 + time / 4000, time / 2500, 0);
    renderer.render(scene, camera);
  });
  $('status').textContent = `A ${picture.width}×${picture.height} stylized texture on a cube.`;
  return { read: () => renderer.readRenderTargetPixelsAsync(picture, 0, 0, picture.width, picture.height), width: picture.width, height: picture.height };
}

async function postMode(renderer, swap) {
  const width = SIZE;
  const height = Math.round((SIZE * 3) / 4);
  const style = await swap.prepareStyle(await loadBitmap(sampleUrl(params.get('style') ?? 'brick')), { maxStyleSize: STYLE_SIZE });
  const frame = srgbTarget(width, height, true); // the scene renders here…
  const stylized = srgbTarget(width, height); // …the library writes here…
  const quad = new THREE.QuadMesh(new THREE.MeshBasicNodeMaterial({ map: stylized.texture })); // …and this shows it

  const scene = new THREE.Scene();
  scene.background = new THREE.Color(0x4477aa);
  scene.add(new THREE.HemisphereLight(0xffffff, 0x333344, 2.5));
  const camera = new THREE.PerspectiveCamera(50, width / height, 0.1, 10);
  camera.position.z = 3;
  const knot = new THREE.Mesh(new THREE.TorusKnotGeometry(0.7, 0.25, 96, 16), new THREE.MeshStandardMaterial({ color: 0xffaa33, roughness: 0.4 }));
  scene.add(knot);

  const rate = frameRate($('fps'));
  let capture = null; // a test's request for the next frame's two images
  async function loop(time) {
    knot.rotation.set(time / 1500, time / 2300, 0);
    renderer.setRenderTarget(frame);
    renderer.render(scene, camera);
    await swap.stylize(threeTexture(renderer, frame.texture), style, { target: threeTexture(renderer, stylized.texture) });
    renderer.setRenderTarget(null);
    quad.render(renderer);
    rate.tick();
    if (capture) {
      const read = (target) => renderer.readRenderTargetPixelsAsync(target, 0, 0, width, height).then((data) => Array.from(data));
      const [rendered, result] = await Promise.all([read(frame), read(stylized)]);
      capture.resolve({ rendered, result });
      capture = null;
    }
    requestAnimationFrame(loop);
  }
  requestAnimationFrame(loop);
  $('status').textContent = `Each ${width}×${height} frame stylized with a prepared style.`;
  return { stats: rate.stats, width, height, capture: () => new Promise((resolve) => (capture = { resolve })) };
}

async function main() {
  if (!(await checkWebGpu($('error')))) return;
  const renderer = new THREE.WebGPURenderer({ canvas: $('canvas'), antialias: false });
  await renderer.init();
  const device = threeDevice(renderer);
  device.addEventListener('uncapturederror', (e) => console.error(`WebGPU error: ${e.error.message}`));
  const swap = await createRememberingStyleSwap(createStyleSwap, { device });
  window.threeExample = await (MODE === 'post' ? postMode : textureMode)(renderer, swap);
}

main().catch((error) => {
  console.error(error);
  $('error').textContent = String(error?.message ?? error);
  $('error').hidden = false;
  window.threeExample = { error: String(error?.message ?? error) };
});
