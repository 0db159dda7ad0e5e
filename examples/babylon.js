// Babylon.js: the library writes into textures of a WebGPUEngine, on the engine's own device.
//   ?mode=texture (default): a cube whose texture is a stylized image.
//   ?mode=post: every rendered frame stylized with a prepared style, then shown as a layer (post-processing).
// ?size= sets the stylized image's long side; the tests read the results back through Babylon (window.babylonExample).
import { WebGPUEngine } from '@babylonjs/core/Engines/webgpuEngine.js';
import { Scene } from '@babylonjs/core/scene.js';
import { FreeCamera } from '@babylonjs/core/Cameras/freeCamera.js';
import { HemisphericLight } from '@babylonjs/core/Lights/hemisphericLight.js';
import { Color3, Color4 } from '@babylonjs/core/Maths/math.color.js';
import { Vector3 } from '@babylonjs/core/Maths/math.vector.js';
import { CreateBox } from '@babylonjs/core/Meshes/Builders/boxBuilder.js';
import { CreateTorusKnot } from '@babylonjs/core/Meshes/Builders/torusKnotBuilder.js';
import { StandardMaterial } from '@babylonjs/core/Materials/standardMaterial.js';
import { RawTexture } from '@babylonjs/core/Materials/Textures/rawTexture.js';
import { RenderTargetTexture } from '@babylonjs/core/Materials/Textures/renderTargetTexture.js';
import { Layer } from '@babylonjs/core/Layers/layer.js';
import { createStyleSwap } from 'webgpu-style-swap';
import { babylonDevice, babylonTexture } from 'webgpu-style-swap/babylon';
import { checkWebGpu, frameRate, loadBitmap, sampleUrl, createRememberingStyleSwap } from './common.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
const MODE = params.get('mode') ?? 'texture';
const SIZE = Number(params.get('size') ?? 256);
const STYLE_SIZE = Number(params.get('maxStyleSize') ?? 256);

/** An empty RGBA8 texture the library writes into (rgba8unorm, with the COPY_DST usage it needs). */
const pictureTexture = (scene, width, height) => RawTexture.CreateRGBATexture(null, width, height, scene, false, false);

function sceneWithCamera(engine, z) {
  const scene = new Scene(engine);
  const camera = new FreeCamera('camera', new Vector3(0, 0, -z), scene);
  camera.setTarget(Vector3.Zero());
  return scene;
}

async function textureMode(engine, swap) {
  const content = await loadBitmap(sampleUrl(params.get('content') ?? 'chelsea'));
  const style = await loadBitmap(sampleUrl(params.get('style') ?? 'hubble_deep_field'));
  const scale = Math.min(1, SIZE / Math.max(content.width, content.height));
  const [width, height] = [Math.round(content.width * scale), Math.round(content.height * scale)];

  const scene = sceneWithCamera(engine, 2.6);
  scene.clearColor = new Color4(0.125, 0.125, 0.125, 1);
  const picture = pictureTexture(scene, width, height);
  await swap.stylize(content, style, { maxContentSize: SIZE, maxStyleSize: STYLE_SIZE, target: babylonTexture(picture) });
  const material = new StandardMaterial('stylized', scene);
  material.emissiveTexture = picture;
  material.disableLighting = true;
  const cube = CreateBox('cube', { size: 1 }, scene);
  cube.material = material;
  engine.runRenderLoop(() => {
    const time = performance.now();
    cube.rotation.set(0.4 + time / 4000, time / 2500, 0);
    scene.render();
  });
  $('status').textContent = `A ${width}×${height} stylized texture on a cube.`;
  return { read: () => picture.readPixels(), width, height };
}

async function postMode(engine, swap) {
  const width = SIZE;
  const height = Math.round((SIZE * 3) / 4);
  const style = await swap.prepareStyle(await loadBitmap(sampleUrl(params.get('style') ?? 'brick')), { maxStyleSize: STYLE_SIZE });

  const scene = sceneWithCamera(engine, 3);
  scene.clearColor = new Color4(0.267, 0.467, 0.667, 1);
  new HemisphericLight('light', new Vector3(0, 1, -1), scene);
  const knot = CreateTorusKnot('knot', { radius: 0.7, tube: 0.25, radialSegments: 96, tubularSegments: 16 }, scene);
  const material = new StandardMaterial('knot', scene);
  material.diffuseColor = new Color3(1, 0.667, 0.2);
  knot.material = material;
  const frame = new RenderTargetTexture('frame', { width, height }, scene); // the scene renders here…
  frame.renderList = [knot];
  scene.customRenderTargets.push(frame);
  const stylized = pictureTexture(scene, width, height); // …the library writes here…
  new Layer('stylized', null, scene, false).texture = stylized; // …and this foreground layer shows it

  const rate = frameRate($('fps'));
  let capture = null; // a test's request for the next frame's two images
  // The frame is shown one frame late: scene.render() renders `frame` and draws the layer with the last result.
  async function loop(time) {
    knot.rotation.set(time / 1500, time / 2300, 0);
    engine.beginFrame();
    scene.render();
    engine.endFrame();
    await swap.stylize(babylonTexture(frame), style, { target: babylonTexture(stylized) });
    rate.tick();
    if (capture) {
      const [rendered, result] = await Promise.all([frame.readPixels(), stylized.readPixels()]);
      capture.resolve({ rendered: Array.from(rendered), result: Array.from(result) });
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
  const engine = new WebGPUEngine($('canvas'), { antialias: false });
  await engine.initAsync();
  const device = babylonDevice(engine);
  device.addEventListener('uncapturederror', (e) => console.error(`WebGPU error: ${e.error.message}`));
  const swap = await createRememberingStyleSwap(createStyleSwap, { device });
  window.babylonExample = await (MODE === 'post' ? postMode : textureMode)(engine, swap);
}

main().catch((error) => {
  console.error(error);
  $('error').textContent = String(error?.message ?? error);
  $('error').hidden = false;
  window.babylonExample = { error: String(error?.message ?? error) };
});
