/** The shape of a CHW tensor on the GPU. */
export interface Shape {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}

export const elementsOf = (s: Shape): number => s.channels * s.height * s.width;
