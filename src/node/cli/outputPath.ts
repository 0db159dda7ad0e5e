import { randomBytes } from 'node:crypto';
import { mkdir, open, stat, unlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { StyleSwapError } from '../../errors';
import { imageFormatFor } from '../imageFiles';

/**
 * Fails before any work when the result could not be written: an unknown extension, a folder, a folder that cannot
 * be made or written. It makes the missing folders and proves the folder writable by creating and removing a file.
 */
export async function checkOutputPath(output: string): Promise<void> {
  imageFormatFor(output);
  const fail = (why: string): never => {
    throw new StyleSwapError('option', `cannot write --output ${output}: ${why}`);
  };
  if ((await stat(output).catch(() => null))?.isDirectory()) fail('it is a folder');
  const folder = dirname(resolve(output));
  await makeFolders(folder).catch((e: NodeJS.ErrnoException) => fail(`cannot create its folder ${folder} (${e.code ?? e.message})`));
  const probe = resolve(folder, `.webgpu-style-swap-${randomBytes(4).toString('hex')}.tmp`);
  try {
    await (await open(probe, 'wx')).close();
  } catch (e) {
    fail(`its folder ${folder} is not writable (${(e as NodeJS.ErrnoException).code})`);
  }
  await unlink(probe);
}

/**
 * mkdir -p, one folder at a time: Node's own recursive mkdir never returns for a path under /proc (Node 20).
 */
async function makeFolders(folder: string): Promise<void> {
  const existing = await stat(folder).catch(() => null);
  if (existing) {
    if (!existing.isDirectory()) throw Object.assign(new Error('a file is in the way'), { code: 'ENOTDIR' });
    return;
  }
  const parent = dirname(folder);
  if (parent !== folder) await makeFolders(parent);
  await mkdir(folder).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'EEXIST') throw e;
  });
}
