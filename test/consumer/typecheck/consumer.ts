// A TypeScript consumer of both entries. It must typecheck under moduleResolution bundler, node16 and nodenext
// with skipLibCheck off and no ambient types: GPUDevice and GPUTexture come from the package's own declarations.
import { createStyleSwap, styleSwap, StyleSwapError, type StylizeResult } from 'webgpu-style-swap';
import { createStyleSwap as createNodeStyleSwap, readImageFile, writeImageFile, type NodeImage } from 'webgpu-style-swap/node';

export async function inTheBrowser(content: HTMLImageElement, style: ImageBitmap, device: GPUDevice, target: GPUTexture): Promise<StylizeResult> {
  const swap = await createStyleSwap({ device });
  const prepared = await swap.prepareStyle(style, { maxStyleSize: 256 });
  await swap.stylize(content, prepared, { target, patchSize: 5 });
  return styleSwap(content, style);
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
