/** What a kernel's WGSL declares it takes: its `Params` fields (u32s, in order) and its buffer bindings by name. */
export interface WgslInterface {
  readonly params: readonly string[];
  /** Names of bindings 1, 2, … (binding 0 is the params uniform). */
  readonly bindings: readonly string[];
}

const interfaces = new Map<string, WgslInterface>();

/** Reads (once per shader) the field names of `struct Params` and the names of the group-0 bindings. */
export function wgslInterface(code: string, kernel: string): WgslInterface {
  let found = interfaces.get(code);
  if (found) return found;
  const struct = /^struct Params \{([^}]*)\}/m.exec(code);
  if (!struct) throw new Error(`${kernel}.wgsl declares no struct Params`);
  const params = [...struct[1]!.matchAll(/^\s*(\w+)\s*:\s*(\w+)\s*,/gm)].map(([, name, type]) => {
    if (type !== 'u32') throw new Error(`${kernel}.wgsl: Params.${name} is ${type}; the kernel descriptors pass u32s only`);
    return name!;
  });
  const bindings: string[] = [];
  for (const [, index, name] of code.matchAll(/^@group\(0\) @binding\((\d+)\) var(?:<[^>]*>)? (\w+)\s*:/gm)) bindings[Number(index)] = name!;
  if (bindings[0] !== 'params') throw new Error(`${kernel}.wgsl: binding 0 must be the params uniform`);
  found = { params, bindings: bindings.slice(1) };
  interfaces.set(code, found);
  return found;
}

/** `values` in the order of `names`; throws naming the kernel when a name is missing or an extra one is given. */
export function inDeclaredOrder<T>(names: readonly string[], values: Readonly<Record<string, T>>, what: string): T[] {
  const extra = Object.keys(values).filter((key) => !names.includes(key));
  const missing = names.filter((name) => !(name in values));
  if (extra.length || missing.length) {
    const parts = [missing.length && `missing ${missing.join(', ')}`, extra.length && `not declared: ${extra.join(', ')}`].filter(Boolean);
    throw new Error(`${what}: ${parts.join('; ')} (declared: ${names.join(', ')})`);
  }
  return names.map((name) => values[name]!);
}
