// Exact box-filter downscaling of RGBA8 pixels, for the dev scripts (sample images, benchmark inputs): each output
// pixel is the area-weighted mean of the source pixels its footprint covers. Reads the region (x, y, w, h) of `src`.
export function boxResize(src, width, height, region = { x: 0, y: 0, w: src.width, h: src.height }) {
  const data = new Uint8Array(4 * width * height);
  const fx = region.w / width;
  const fy = region.h / height;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const sum = [0, 0, 0];
      let area = 0;
      for (let sy = Math.floor(y * fy); sy < (y + 1) * fy && sy < region.h; sy++) {
        const wy = Math.min((y + 1) * fy, sy + 1) - Math.max(y * fy, sy);
        for (let sx = Math.floor(x * fx); sx < (x + 1) * fx && sx < region.w; sx++) {
          const w = wy * (Math.min((x + 1) * fx, sx + 1) - Math.max(x * fx, sx));
          const i = 4 * ((region.y + sy) * src.width + region.x + sx);
          for (let c = 0; c < 3; c++) sum[c] += w * src.data[i + c];
          area += w;
        }
      }
      for (let c = 0; c < 3; c++) data[4 * (y * width + x) + c] = Math.round(sum[c] / area);
      data[4 * (y * width + x) + 3] = 255;
    }
  }
  return { width, height, data };
}
