// Headless Chromium flags for WebGPU without a GPU, shared by the browser tests and scripts/screenshots.mjs.
export const CHROMIUM_FLAGS = [
  '--enable-unsafe-webgpu',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // The compositor on SwiftShader's Vulkan too, like Dawn: without these a WebGPU canvas cannot present
  // ("Could not find SharedImageBackingFactory … WebgpuSwapChainTexture") and its device is lost.
  '--enable-gpu',
  '--ignore-gpu-blocklist',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
];
