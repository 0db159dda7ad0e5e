// Runs the peer (../shared/peers/tfjs-style-swap.mjs) on the same adapter: installs it once in a temp folder.
// Dev-only: the peer lives beside a checkout of the repository, never in it or in the package.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writePng } from './images.mjs';

const PEER_SOURCE = resolve('../shared/peers');
const PEER_DIR = join(tmpdir(), 'webgpu-style-swap-peer');

/** Whether the peer's sources are beside this checkout. */
export const peerAvailable = () => existsSync(join(PEER_SOURCE, 'tfjs-style-swap.mjs'));

function installPeer() {
  if (existsSync(join(PEER_DIR, 'node_modules', '@tensorflow', 'tfjs-backend-webgpu'))) return;
  cpSync(PEER_SOURCE, PEER_DIR, { recursive: true });
  execFileSync('npm', ['install', '--no-audit', '--no-fund'], { cwd: PEER_DIR, stdio: 'inherit' });
}

/** The peer's JSON line: per-stage mean ms over `runs` after one warm-up run. */
export async function runPeer(content, style, runs) {
  installPeer();
  const dir = mkdtempSync(join(tmpdir(), 'peer-run-'));
  writePng(join(dir, 'content.png'), content);
  writePng(join(dir, 'style.png'), style);
  const out = execFileSync(
    'node',
    [join(PEER_DIR, 'tfjs-style-swap.mjs'), resolve('weights'), join(dir, 'content.png'), join(dir, 'style.png'), join(dir, 'out.png'), '3', '1', String(runs)],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  return JSON.parse(out.trim().split('\n').pop());
}
