// The trainer itself (training/train.py, training/data.py), on a tiny folder made from the test fixtures.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES } from '../helpers/fixtures';
import { PYTHON, REPO } from './python';

const folder = mkdtempSync(join(tmpdir(), 'trainer-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

function tinyData(name: string, files: { content: string[]; style: string[] }): string {
  const root = join(folder, name);
  for (const [kind, list] of Object.entries(files)) {
    mkdirSync(join(root, kind), { recursive: true });
    for (const file of list) copyFileSync(resolve(FIXTURES, file.split('=')[0]!), join(root, kind, file.split('=')[1] ?? file));
  }
  return root;
}

function train(args: string[]) {
  const run = spawnSync(PYTHON, [resolve(REPO, 'training/train.py'), ...args], { encoding: 'utf8' });
  expect(run.status, `train.py failed: ${run.error ?? run.stderr}`).toBe(0);
  return run.stdout;
}

type LogRecord = { event: string; step: number; loss: number };
const readLog = (out: string): LogRecord[] =>
  readFileSync(join(out, 'log.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as LogRecord);
const TINY = ['--crop', '32', '--style-crop', '48', '--swapped', '2', '--plain', '1', '--warmup', '1', '--validation-fraction', '0'];

describe('training/train.py', () => {
  const data = tinyData('tiny', { content: ['coffee_128x88.png', 'chelsea_64x48.png'], style: ['starry_96x64.png'] });

  it('lowers the loss on one batch trained over and over', () => {
    const out = join(folder, 'fixed');
    const stdout = train(['--data', data, '--out', out, '--fixed-batch', '--steps', '16', '--lr', '3e-5', ...TINY]);
    expect(stdout).toMatch(/step 16\/16 · [\d.]+ steps\/s · loss/);
    const losses = readLog(out)
      .filter((r) => r.event === 'step')
      .map((r) => r.loss);
    expect(losses).toHaveLength(16);
    console.log(`[trainer] fixed-batch loss ${losses[0]!.toFixed(4)} → ${losses.at(-1)!.toFixed(4)}`);
    expect(losses.at(-1)!).toBeLessThan(0.85 * losses[0]!);
  });

  it('resumes from its checkpoint where it stopped', () => {
    const out = join(folder, 'resume');
    train(['--data', data, '--out', out, '--fixed-batch', '--steps', '3', ...TINY]);
    const stdout = train(['--data', data, '--out', out, '--fixed-batch', '--steps', '5', ...TINY]);
    expect(stdout).toContain('resumed at step 3');
    expect(
      readLog(out)
        .filter((r) => r.event === 'step')
        .map((r) => r.step),
    ).toEqual([1, 2, 3, 4, 5]);
  });

  it('says which folder is missing', () => {
    const run = spawnSync(PYTHON, [resolve(REPO, 'training/train.py'), '--data', join(folder, 'nowhere'), '--out', join(folder, 'x')], { encoding: 'utf8' });
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(`${join(folder, 'nowhere', 'content')} is missing`);
  });
});

describe('training/data.py', () => {
  it("uses only permissively licensed files of a curated folder, with Debian's last-stanza-wins rule", () => {
    const data = tinyData('curated', {
      content: [
        'coffee_128x88.png=kodak_1.png',
        'coffee_128x88.png=eslandp_beach0.png',
        'coffee_128x88.png=eslandp_beach1-harro.png',
        'coffee_128x88.png=matenat_a.png',
      ],
      style: ['starry_96x64.png=aicpaint_a.png', 'starry_96x64.png=stktex_a.png', 'starry_96x64.png=wesport_a.png'],
    });
    writeFileSync(join(data, 'manifest.csv'), '');
    mkdirSync(join(data, 'licenses'));
    writeFileSync(
      join(data, 'licenses', 'endless-sky-data.copyright'),
      ['Files: images/land/*', 'License: public-domain', '', 'Files: images/land/*-harro*', 'License: CC-BY-SA-4.0', ''].join('\n'),
    );
    const script = `import sys, json; sys.path.insert(0, ${JSON.stringify(resolve(REPO, 'training'))}); import data, os
found = data.list_images(${JSON.stringify(data)})
print(json.dumps({k: [os.path.basename(p) for p in v] for k, v in found.items()}))`;
    const run = spawnSync(PYTHON, ['-c', script], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ content: ['eslandp_beach0.png', 'kodak_1.png'], style: ['aicpaint_a.png'] });
  });
});
