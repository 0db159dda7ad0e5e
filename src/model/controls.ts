import { controlsBytes, type RenderControls } from '../kernels/strength';

/**
 * Writes the render controls (strength, colour preservation) into a plan's controls buffer, which strength.wgsl and
 * tensor_to_image.wgsl read at run time: a new strength re-runs the same plan without rebuilding it.
 */
export function writeControls(device: GPUDevice, maps: { readonly controls: GPUBuffer }, controls: RenderControls): void {
  device.queue.writeBuffer(maps.controls, 0, controlsBytes(controls));
}
