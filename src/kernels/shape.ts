/** The shape of a CHW tensor on the GPU. */
export interface Shape {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
}
