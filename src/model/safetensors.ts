// safetensors: 8-byte little-endian header length, a JSON header {name: {dtype, shape, data_offsets}}, then the
// raw little-endian tensor data. Only what this library needs: F32 and I32 tensors, read as typed-array copies.

export interface TensorInfo {
  readonly dtype: string;
  readonly shape: readonly number[];
  readonly begin: number; // byte offset of the data, from the start of the file
  readonly end: number;
}

export interface SafetensorsFile {
  readonly tensors: ReadonlyMap<string, TensorInfo>;
  readonly metadata: Readonly<Record<string, string>>;
  readonly bytes: Uint8Array;
}

/** Parses the header and checks every tensor lies inside the file; throws a plain Error naming what is wrong. */
export function parseSafetensors(input: Uint8Array | ArrayBuffer): SafetensorsFile {
  // A plain Uint8Array view (not a Node Buffer, whose slice() does not copy).
  const bytes = input instanceof Uint8Array ? new Uint8Array(input.buffer, input.byteOffset, input.byteLength) : new Uint8Array(input);
  if (bytes.byteLength < 8) throw new Error(`file is ${bytes.byteLength} bytes, shorter than a safetensors header`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > bytes.byteLength - 8) {
    throw new Error(`header length ${headerLength} runs past the end of the file (${bytes.byteLength} bytes)`);
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Record<string, unknown>;
  } catch (cause) {
    throw new Error('header is not valid JSON', { cause });
  }
  const dataStart = 8 + headerLength;
  const tensors = new Map<string, TensorInfo>();
  let metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') {
      metadata = value as Record<string, string>;
      continue;
    }
    const { dtype, shape, data_offsets: offsets } = value as { dtype: string; shape: number[]; data_offsets: number[] };
    const begin = dataStart + offsets[0]!;
    const end = dataStart + offsets[1]!;
    if (end > bytes.byteLength || begin > end) {
      throw new Error(`tensor ${name} (bytes ${begin}..${end}) runs past the end of the file (${bytes.byteLength} bytes)`);
    }
    tensors.set(name, { dtype, shape, begin, end });
  }
  return { tensors, metadata, bytes };
}

/** A copy of an F32 or I32 tensor's data. */
export function readTensor(file: SafetensorsFile, name: string): Float32Array | Int32Array {
  const info = file.tensors.get(name);
  if (!info) throw new Error(`no tensor named ${name}`);
  const copy = file.bytes.slice(info.begin, info.end).buffer;
  if (info.dtype === 'F32') return new Float32Array(copy);
  if (info.dtype === 'I32') return new Int32Array(copy);
  throw new Error(`tensor ${name} has dtype ${info.dtype}; only F32 and I32 are read`);
}

export function readF32(file: SafetensorsFile, name: string): Float32Array {
  const data = readTensor(file, name);
  if (!(data instanceof Float32Array)) throw new Error(`tensor ${name} is not F32`);
  return data;
}
