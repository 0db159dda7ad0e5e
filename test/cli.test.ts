// The command line as a user runs it: the built CLI in a child process.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { createStyleSwap, readImageFile, writeImageFile, type TuningRecord } from '../src/node/index';
import { psnr } from './helpers/compare';
import { FIXTURES, WEIGHTS_DIR } from './helpers/fixtures';

const run = promisify(execFile);
const CLI = 'dist/node/cli.js';
const scratch = mkdtempSync(join(tmpdir(), 'style-swap-cli-'));

// The tuner's record of an instance of this process: every CLI run here is given it (--tuning), and every instance
// made here to compare with is too, so both run the same conv variants and give the same bytes.
const TUNING_FILE = join(scratch, 'tuning.json');
let tuning: TuningRecord;
beforeAll(async () => {
  const swap = await createStyleSwap({ weights: WEIGHTS_DIR, tuning });
  tuning = swap.tuning;
  swap.destroy();
  writeFileSync(TUNING_FILE, JSON.stringify(tuning));
});

async function cli(args: string[], tuningFile = TUNING_FILE): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('node', [CLI, ...args, '--tuning', tuningFile], { env: { ...process.env, STYLE_SWAP_WEIGHTS: WEIGHTS_DIR } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('webgpu-style-swap CLI', () => {
  it('reproduces the golden stylize output (PSNR > 40 dB) and prints the adapter and stage times', async () => {
    const output = join(scratch, 'coffee_starry.png');
    const { code, stdout } = await cli(['--content', resolve(FIXTURES, 'coffee_128x88.png'), '--style', resolve(FIXTURES, 'starry_96x64.png'), '--output', output]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^adapter: .+/m);
    for (const stage of ['encode style', 'encode content', 'match', 'average', 'decode']) expect(stdout).toMatch(new RegExp(`^  ${stage} +\\d+ ms`, 'm'));
    const [ours, golden] = await Promise.all([readImageFile(output), readImageFile(resolve(FIXTURES, 'stylize_coffee_starry_vgg19.png'))]);
    const rgb = (data: ArrayLike<number>) => Array.from(data).filter((_, i) => i % 4 !== 3);
    expect(psnr(rgb(ours.data), rgb(golden.data), 255)).toBeGreaterThan(40);
  });

  it('writes JPEG too, and stylizes the bundled samples without arguments but --output', async () => {
    const output = join(scratch, 'samples.jpg');
    const { code, stdout } = await cli(['--output', output, '--max-content-size', '96', '--max-style-size', '96']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/content: .*examples\/samples\/chelsea\.png/);
    const image = await readImageFile(output);
    expect([image.width, image.height]).toEqual([96, 64]);
  });

  it('--strength and --preserve-color give what the API gives with the same options', async () => {
    const output = join(scratch, 'controls.png');
    const args = ['--content', resolve(FIXTURES, 'coffee_128x88.png'), '--style', resolve(FIXTURES, 'starry_96x64.png'), '--max-style-size', '48'];
    const { code } = await cli([...args, '--strength', '0.4', '--preserve-color', '--output', output]);
    expect(code).toBe(0);
    const swap = await createStyleSwap({ weights: WEIGHTS_DIR, tuning });
    const expected = await swap.stylize(resolve(FIXTURES, 'coffee_128x88.png'), resolve(FIXTURES, 'starry_96x64.png'), { maxStyleSize: 48, strength: 0.4, preserveColor: true });
    swap.destroy();
    const written = await readImageFile(output);
    expect(Buffer.compare(Buffer.from(written.data), Buffer.from(expected.data))).toBe(0);
  });

  it('--match approximate gives what the API gives with the approximate match (on a pair where it differs from exact)', async () => {
    const output = join(scratch, 'approximate.png');
    const [content, style] = ['examples/samples/chelsea.png', 'examples/samples/hubble_deep_field.png'];
    const { code } = await cli(['--content', content, '--style', style, '--max-content-size', '160', '--match', 'approximate', '--output', output]);
    expect(code).toBe(0);
    const swap = await createStyleSwap({ weights: WEIGHTS_DIR, tuning });
    const approximate = await swap.stylize(content, style, { maxContentSize: 160, match: 'approximate' });
    const exact = await swap.stylize(content, style, { maxContentSize: 160 });
    swap.destroy();
    const written = Buffer.from((await readImageFile(output)).data);
    expect(Buffer.compare(written, Buffer.from(approximate.data))).toBe(0);
    expect(Buffer.compare(written, Buffer.from(exact.data)), 'the flag changed the match').not.toBe(0);
  });

  it('--precision f16 gives what the API gives with f16 weights (not the f32 bytes)', async () => {
    const output = join(scratch, 'half.png');
    const [content, style] = [resolve(FIXTURES, 'coffee_128x88.png'), resolve(FIXTURES, 'starry_96x64.png')];
    const tuningFile = join(scratch, 'tuning-for-f16.json');
    writeFileSync(tuningFile, JSON.stringify(tuning));
    const { code } = await cli(['--content', content, '--style', style, '--precision', 'f16', '--tuning', tuningFile, '--output', output]);
    expect(code).toBe(0);
    const swap = await createStyleSwap({ weights: WEIGHTS_DIR, tuning, precision: 'f16' });
    const half = await swap.stylize(content, style);
    swap.destroy();
    const full = await createStyleSwap({ weights: WEIGHTS_DIR, tuning });
    const f32 = await full.stylize(content, style);
    full.destroy();
    const written = Buffer.from((await readImageFile(output)).data);
    expect(Buffer.compare(written, Buffer.from(half.data))).toBe(0);
    expect(Buffer.compare(written, Buffer.from(f32.data)), 'the flag changed the weights').not.toBe(0);
  });

  it('repeated --style with --style-weight and --mask give the weighted, masked mix of the API', async () => {
    const [coffee, starry, chelsea] = ['coffee_128x88.png', 'starry_96x64.png', 'chelsea_64x48.png'].map((f) => resolve(FIXTURES, f));
    const mask = join(scratch, 'mask.png');
    const maskPixels = new Uint8ClampedArray(4 * 128 * 88).map((_, i) => (i % 4 === 3 ? 255 : (i >> 2) % 128 < 64 ? 255 : 0));
    await writeImageFile(mask, { width: 128, height: 88, data: maskPixels });
    const output = join(scratch, 'mix.png');
    const args = ['--content', coffee, '--style', starry, '--style', chelsea, '--style-weight', '1', '--style-weight', '2.5', '--mask', mask, '--mask', mask];
    const { code, stdout } = await cli([...args, '--max-style-size', '48', '--output', output]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/style: .*starry_96x64\.png, .*chelsea_64x48\.png/);
    const swap = await createStyleSwap({ weights: WEIGHTS_DIR, tuning });
    const styles = [{ style: starry, weight: 1, mask }, { style: chelsea, weight: 2.5, mask }];
    const expected = await swap.stylize(coffee, styles, { maxStyleSize: 48 });
    swap.destroy();
    const written = await readImageFile(output);
    expect(Buffer.compare(Buffer.from(written.data), Buffer.from(expected.data))).toBe(0);
  });

  it('--max-content-size full with --tile-size stylizes in tiles, one line each, the same pixels as in one pass', async () => {
    const output = join(scratch, 'tiled.png');
    const [coffee, starry] = ['coffee_128x88.png', 'starry_96x64.png'].map((f) => resolve(FIXTURES, f));
    const { code, stdout } = await cli(['--content', coffee, '--style', starry, '--max-style-size', '48', '--max-content-size', 'full', '--tile-size', '32', '--output', output]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^  tile 4 of 4$/m); // cores of 8 feature pixels, crops of 24: 4 across, 1 down
    const swap = await createStyleSwap({ weights: WEIGHTS_DIR, tuning });
    const expected = await swap.stylize(coffee, starry, { maxStyleSize: 48, maxContentSize: Infinity });
    swap.destroy();
    const written = await readImageFile(output);
    expect([written.width, written.height]).toEqual([128, 88]);
    expect(Buffer.compare(Buffer.from(written.data), Buffer.from(expected.data))).toBe(0);
  });

  it('--optimize 3 with --init and --seed: the optimisation of the API, its loss printed at each report', async () => {
    const output = join(scratch, 'optimized.png');
    const [coffee, starry] = ['coffee_128x88.png', 'starry_96x64.png'].map((f) => resolve(FIXTURES, f));
    const args = ['--content', coffee, '--style', starry, '--max-style-size', '48', '--max-content-size', '48', '--optimize', '3', '--init', 'noise', '--seed', '5', '--tv-weight', '2'];
    const { code, stdout } = await cli([...args, '--output', output]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^  optimize    3 of 3: loss \d\.\d{4}e\+\d+$/m);
    const swap = await createStyleSwap({ weights: WEIGHTS_DIR, tuning });
    const expected = await swap.stylize(coffee, starry, { maxStyleSize: 48, maxContentSize: 48, optimize: { iterations: 3, init: 'noise', seed: 5, tvWeight: 2 } });
    swap.destroy();
    const written = await readImageFile(output);
    expect(Buffer.compare(Buffer.from(written.data), Buffer.from(expected.data))).toBe(0);
  });

  it('bad input: one line on stderr and a non-zero exit', async () => {
    const cases: [string[], RegExp][] = [
      [['--patch-size', '4'], /patchSize must be an odd positive integer/],
      [['--patch-stride', 'two'], /--patch-stride takes an integer, got 'two'/],
      [['--strength', 'half'], /--strength takes a number, got 'half'/],
      [['--strength', '2'], /strength must be a number from 0 to 1, got 2/],
      [['--style', 'a.png', '--style', 'b.png', '--mask', 'm.png'], /--mask is given 1 time\(s\) for 2 --style: give one per style, in order, or none/],
      [['--style', 'a.png', '--style-weight', '1', '--style-weight', '2'], /--style-weight is given 2 time\(s\) for 1 --style/],
      [['--style', 'a.png', '--style-weight', 'heavy'], /--style-weight takes a number, got 'heavy'/],
      [['--content', join(scratch, 'missing.png')], /cannot read content file .*missing\.png: ENOENT/],
      [['--content', 'package.json'], /package\.json is not a PNG or JPEG image/],
      [['--output', join(scratch, 'out.gif'), '--max-content-size', '32'], /the output must end in \.png, \.jpg or \.jpeg/],
      [['--weights', scratch], /cannot read weights file/],
      [['--frobnicate'], /Unknown option '--frobnicate'/],
      [['--tile-size', '0'], /tileSize must be a positive integer, got 0/],
      [['--memory-budget', 'lots'], /--memory-budget takes a number, got 'lots'/],
      [['--init', 'content'], /--init sets the optimisation: add --optimize/],
      [['--optimize', 'many'], /--optimize takes an integer, got 'many'/],
      [['--match', 'fast'], /match must be 'exact' or 'approximate', got the string 'fast'/],
      [['--precision', 'f64'], /precision must be 'f32' or 'f16', got the string 'f64'/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await cli(args);
      expect(code, args.join(' ')).toBe(1);
      const lines = stderr.split('\n').filter((l) => l && !l.startsWith('Warning: '));
      expect(lines, args.join(' ')).toHaveLength(1);
      expect(lines[0]).toMatch(message);
    }
  });

  it('a bad --output fails before any work (no adapter, no stylizing), naming the path and why', async () => {
    mkdirSync(join(scratch, 'folder.png'), { recursive: true });
    const cases: [string, RegExp][] = [
      [join(scratch, 'out.bmp'), /cannot write .*out\.bmp: the output must end in \.png, \.jpg or \.jpeg/],
      [join(scratch, 'folder.png'), /cannot write --output .*folder\.png: it is a folder/],
      [join('package.json', 'out.png'), /cannot write --output package\.json\/out\.png: cannot create its folder \((EEXIST|ENOTDIR)\)/],
    ];
    for (const [output, message] of cases) {
      const { code, stdout, stderr } = await cli(['--output', output]);
      expect(code, output).toBe(1);
      expect(stdout, 'nothing ran').toBe('');
      expect(stderr.split('\n').filter((l) => l && !l.startsWith('Warning: '))).toEqual([expect.stringMatching(message)]);
    }
  });

  it('--tuning <file>: measured and written when the file is absent, read (nothing timed) when present; broken JSON is named', async () => {
    const file = join(scratch, 'new-tuning.json');
    const small = ['--max-content-size', '64', '--max-style-size', '48', '--output', join(scratch, 'tuned.png')];
    expect(existsSync(file)).toBe(false);
    expect((await cli(small, file)).code).toBe(0);
    const written = JSON.parse(readFileSync(file, 'utf8')) as TuningRecord;
    expect(written).toMatchObject({ format: 'webgpu-style-swap/tuning', adapter: tuning.adapter });
    expect(Object.keys(written.convs)).toEqual(Object.keys(tuning.convs));
    const pinned = { ...written, convs: Object.fromEntries(Object.keys(written.convs).map((c) => [c, { variant: 'direct', ms: { direct: 1 } }])) };
    writeFileSync(file, JSON.stringify(pinned));
    const again = await cli(small, file);
    expect(again.code).toBe(0);
    expect(again.stderr).not.toMatch(/ignored/);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(pinned); // read, not measured and rewritten
    writeFileSync(file, '{ not json');
    const broken = await cli(small, file);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/--tuning .*new-tuning\.json is not JSON/);
  });

  it('--help', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/usage: webgpu-style-swap/);
  });
});
