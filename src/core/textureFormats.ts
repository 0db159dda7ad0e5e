// The texture formats the library reads inputs from and writes results into. Only copies touch these textures, and a
// copy moves bytes as they are, so the -srgb variants hold the same sRGB-encoded bytes as the plain ones: engines
// that mark a colour texture as sRGB (three.js, for one) make -srgb textures.
export const PIXEL_TEXTURE_FORMATS: readonly GPUTextureFormat[] = ['rgba8unorm', 'rgba8unorm-srgb', 'bgra8unorm', 'bgra8unorm-srgb'];

export const isPixelTextureFormat = (format: GPUTextureFormat): boolean => PIXEL_TEXTURE_FORMATS.includes(format);

/** Whether a texture of this format holds its pixels as B, G, R, A bytes. */
export const isBgraFormat = (format: GPUTextureFormat): boolean => format.startsWith('bgra8unorm');
