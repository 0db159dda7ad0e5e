/**
 * Reads a `const NAME: u32 = Nu;` from WGSL source, so the TypeScript side sizes dispatches from the shader's own
 * tile constants instead of a copy of them.
 */
export function wgslConstant(code: string, name: string): number {
  const match = new RegExp(`^const ${name}: u32 = (\\d+)u;`, 'm').exec(code);
  if (!match) throw new Error(`WGSL constant ${name} not found`);
  return Number(match[1]);
}
