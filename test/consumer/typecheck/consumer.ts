// A TypeScript consumer of every entry. It must typecheck under moduleResolution bundler, node16 and nodenext
// with skipLibCheck off and no ambient types: GPUDevice and GPUTexture come from the package's own declarations.
import { createStyleSwap, styleSwap, StyleSwapError, type StylizeResult } from 'webgpu-style-swap';
import { babylonDevice, babylonTexture } from 'webgpu-style-swap/babylon';
import { threeDevice, threeTexture, type ThreeWebGpuRenderer } from 'webgpu-style-swap/three';
import { createStyleSwap as createNodeStyleSwap, readImageFile, writeImageFile, type NodeImage } from 'webgpu-style-swap/node';

export async function inTheBrowser(content: HTMLImageElement, style: ImageBitmap, device: GPUDevice, target: GPUTexture): Promise<StylizeResult> {
  const swap = await createStyleSwap({ device });
  const prepared = await swap.prepareStyle(style, { maxStyleSize: 256 });
  await swap.stylize(content, prepared, { target, patchSize: 5 });
  return styleSwap(content, style);
}

/** The engine helpers take the engines' objects structurally: no engine's types are needed to compile this. */
export async function inEngines(
  renderer: ThreeWebGpuRenderer,
  picture: object,
  engine: { _device?: GPUDevice; isWebGPU?: boolean },
  texture: { getInternalTexture(): null },
) {
  const three = await createStyleSwap({ device: threeDevice(renderer) });
  await three.stylize(threeTexture(renderer, picture), threeTexture(renderer, picture), { target: threeTexture(renderer, picture) });
  const babylon = await createStyleSwap({ device: babylonDevice(engine) });
  return babylon.stylize(babylonTexture(texture), babylonTexture(texture), { target: babylonTexture(texture) });
}

export async function inNode(content: NodeImage, style: string): Promise<string | undefined> {
  const swap = await createNodeStyleSwap();
  try {
    const result = await swap.stylize(content, await readImageFile(style), { matchSpace: 'normalized' });
    await writeImageFile('out.png', result);
    // @ts-expect-error patchSize is a number: this line proves the options are typed, not any
    await swap.stylize(content, style, { patchSize: 'three' });
  } catch (error) {
    if (error instanceof StyleSwapError) return error.code;
  } finally {
    swap.destroy();
  }
  return undefined;
}
