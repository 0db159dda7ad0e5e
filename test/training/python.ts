import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Debian's Python, where scripts/setup-training.sh installs PyTorch. */
export const PYTHON = '/usr/bin/python3';
export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
