import { StyleSwapError } from '../errors';
import type { Shape } from './shape';

/** Where the k×k windows at stride s lie in the content and style feature maps. */
export interface SwapGeometry {
  readonly patchSize: number;
  readonly stride: number;
  readonly channels: number;
  readonly content: Shape;
  readonly style: Shape;
  readonly contentRows: number;
  readonly contentCols: number;
  readonly styleRows: number;
  readonly styleCols: number;
  readonly contentWindows: number; // nc
  readonly styleWindows: number; // ns
}

/** Window counts for a swap; a map smaller than one patch is an error that names the option and the sizes. */
export function swapGeometry(content: Shape, style: Shape, patchSize: number, stride: number): SwapGeometry {
  if (content.channels !== style.channels) {
    throw new StyleSwapError('image', `content features have ${content.channels} channels but style features ${style.channels}`);
  }
  for (const [what, shape] of [
    ['style', style],
    ['content', content],
  ] as const) {
    if (shape.height < patchSize || shape.width < patchSize) {
      throw new StyleSwapError(
        'image',
        `the ${what} features are ${shape.height}×${shape.width}, smaller than one ${patchSize}×${patchSize} patch (patchSize): use a larger ${what} image (features are a quarter of its size) or a smaller patchSize`,
      );
    }
  }
  const contentRows = windowsAlong(content.height, patchSize, stride);
  const contentCols = windowsAlong(content.width, patchSize, stride);
  const styleRows = windowsAlong(style.height, patchSize, stride);
  const styleCols = windowsAlong(style.width, patchSize, stride);
  return {
    patchSize,
    stride,
    channels: content.channels,
    content,
    style,
    contentRows,
    contentCols,
    styleRows,
    styleCols,
    contentWindows: contentRows * contentCols,
    styleWindows: styleRows * styleCols,
  };
}

/** How many k-wide windows at stride s fit along n: starts 0, s, 2s, … with start + k ≤ n. */
function windowsAlong(n: number, k: number, stride: number): number {
  return Math.max(0, Math.ceil((n - k + 1) / stride));
}
