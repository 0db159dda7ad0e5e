// The command line as a user runs it: the built CLI in a child process.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
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

/** Runs the CLI; `tuningFile` null: no --tuning, so the cache in `env.XDG_CACHE_HOME` is used. */
async function cli(
  args: string[],
  tuningFile: string | null = TUNING_FILE,
  env: Record<string, string> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const tuningArgs = tuningFile === null ? [] : ['--tuning', tuningFile];
    const { stdout, stderr } = await run('node', [CLI, ...args, ...tuningArgs], { env: { ...process.env, STYLE_SWAP_WEIGHTS: WEIGHTS_DIR, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('webgpu-style-swap CLI', () => {
  it('reproduces the golden stylize output (PSNR > 40 dB) and prints the adapter and stage times', async () => {
    const output = join(scratch, 'coffee_starry.png');
    const { code, stdout } = await cli([
      '--content',
      resolve(FIXTURES, 'coffee_128x88.png'),
      '--style',
      resolve(FIXTURES, 'starry_96x64.png'),
      '--output',
      output,
    ]);
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
    const expected = await swap.stylize(resolve(FIXTURES, 'coffee_128x88.png'), resolve(FIXTURES, 'starry_96x64.png'), {
      maxStyleSize: 48,
      strength: 0.4,
      preserveColor: true,
    });
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
    const [coffee, starry, chelsea] = ['coffee_128x88.png', 'starry_96x64.png', 'chelsea_64x48.png'].map((f) => resolve(FIXTURES, f)) as [
      string,
      string,
      string,
    ];
    const mask = join(scratch, 'mask.png');
    const maskPixels = new Uint8ClampedArray(4 * 128 * 88).map((_, i) => (i % 4 === 3 ? 255 : (i >> 2) % 128 < 64 ? 255 : 0));
    await writeImageFile(mask, { width: 128, height: 88, data: maskPixels });
    const output = join(scratch, 'mix.png');
    const args = ['--content', coffee, '--style', starry, '--style', chelsea, '--style-weight', '1', '--style-weight', '2.5', '--mask', mask, '--mask', mask];
    const { code, stdout } = await cli([...args, '--max-style-size', '48', '--output', output]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/style: .*starry_96x64\.png, .*chelsea_64x48\.png/);
    const swap = await createStyleSwap({ weights: WEIGHTS_DIR, tuning });
    const styles = [
      { style: starry, weight: 1, mask },
      { style: chelsea, weight: 2.5, mask },
    ];
    const expected = await swap.stylize(coffee, styles, { maxStyleSize: 48 });
    swap.destroy();
    const written = await readImageFile(output);
    expect(Buffer.compare(Buffer.from(written.data), Buffer.from(expected.data))).toBe(0);
  });

  it('--max-content-size full with --tile-size stylizes in tiles, one line each, the same pixels as in one pass', async () => {
    const output = join(scratch, 'tiled.png');
    const [coffee, starry] = ['coffee_128x88.png', 'starry_96x64.png'].map((f) => resolve(FIXTURES, f)) as [string, string];
    const { code, stderr } = await cli([
      '--content',
      coffee,
      '--style',
      starry,
      '--max-style-size',
      '48',
      '--max-content-size',
      'full',
      '--tile-size',
      '32',
      '--output',
      output,
    ]);
    expect(code).toBe(0);
    // Progress on stderr, as plain lines when it is no terminal. Cores of 8 feature pixels, crops of 24: 4 across, 1 down.
    expect(stderr.match(/^ {2}stylizing tiles \d\/4$/gm)).toEqual([
      '  stylizing tiles 1/4',
      '  stylizing tiles 2/4',
      '  stylizing tiles 3/4',
      '  stylizing tiles 4/4',
    ]);
    const swap = await createStyleSwap({ weights: WEIGHTS_DIR, tuning });
    const expected = await swap.stylize(coffee, starry, { maxStyleSize: 48, maxContentSize: Infinity });
    swap.destroy();
    const written = await readImageFile(output);
    expect([written.width, written.height]).toEqual([128, 88]);
    expect(Buffer.compare(Buffer.from(written.data), Buffer.from(expected.data))).toBe(0);
  });

  it('--optimize 3 with --init and --seed: the optimisation of the API, its loss printed at each report', async () => {
    const output = join(scratch, 'optimized.png');
    const [coffee, starry] = ['coffee_128x88.png', 'starry_96x64.png'].map((f) => resolve(FIXTURES, f)) as [string, string];
    const args = [
      '--content',
      coffee,
      '--style',
      starry,
      '--max-style-size',
      '48',
      '--max-content-size',
      '48',
      '--optimize',
      '3',
      '--init',
      'noise',
      '--seed',
      '5',
      '--tv-weight',
      '2',
    ];
    const { code, stderr } = await cli([...args, '--output', output]);
    expect(code).toBe(0);
    expect(stderr).toMatch(/^ {2}optimising 3\/3 \(loss \d\.\d{4}e\+\d+\)$/m);
    const swap = await createStyleSwap({ weights: WEIGHTS_DIR, tuning });
    const expected = await swap.stylize(coffee, starry, {
      maxStyleSize: 48,
      maxContentSize: 48,
      optimize: { iterations: 3, init: 'noise', seed: 5, tvWeight: 2 },
    });
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
      [['--content', 'package.json'], /package\.json is not a PNG, JPEG, WebP, AVIF, HEIC, TIFF or GIF image/],
      [['--content', '/dev/null'], /content file \/dev\/null is empty \(0 bytes\)/],
      [['--output', join(scratch, 'out.gif'), '--max-content-size', '32'], /the output must end in \.png, \.jpg, \.jpeg or \.webp/],
      [['--weights', scratch], /cannot read weights file/],
      [['--frobnicate'], /unknown option --frobnicate; see --help/],
      [['--strenght', '0.5'], /unknown option --strenght; did you mean --strength\?/],
      [['a.png', 'b.png', 'c.png', 'd.png'], /too many paths/],
      [['a.png', '--content', 'b.png'], /--content is given both as an option and as a path/],
      [['--tile-size', '0'], /tileSize must be a positive integer, got 0/],
      [['--memory-budget', 'lots'], /--memory-budget takes a number, got 'lots'/],
      [['--init', 'content'], /--init sets the optimisation: add --optimize/],
      [['--optimize', 'many'], /--optimize takes an integer, got 'many'/],
      [['--match', 'fast'], /match must be 'exact' or 'approximate', got the string 'fast'/],
      [['--precision', 'f64'], /precision must be 'f32' or 'f16', got the string 'f64'/],
    ];
    for (const [args, message] of cases) {
      const started = performance.now();
      const { code, stdout, stderr } = await cli(args);
      expect(code, args.join(' ')).toBe(1);
      expect(stdout, `${args.join(' ')}: refused before the adapter is named`).toBe('');
      expect(stderr.split('\n').filter(Boolean), args.join(' ')).toEqual([expect.stringMatching(message)]);
      // No device was made: a device and its tuning take seconds here, a refusal a Node start-up.
      expect(performance.now() - started, args.join(' ')).toBeLessThan(4000);
    }
  });

  it('a bad --output fails before any work (no adapter, no stylizing), naming the path and why', async () => {
    mkdirSync(join(scratch, 'folder.png'), { recursive: true });
    const cases: [string, RegExp][] = [
      [join(scratch, 'out.bmp'), /cannot write .*out\.bmp: the output must end in \.png, \.jpg, \.jpeg or \.webp/],
      [join(scratch, 'folder.png'), /cannot write --output .*folder\.png: it is a folder/],
      [join('package.json', 'out.png'), /cannot write --output package\.json\/out\.png: cannot create its folder .*package\.json \(ENOTDIR\)/],
      ['/proc/x/y.png', /cannot write --output \/proc\/x\/y\.png: cannot create its folder \/proc\/x \(ENOENT\)/],
    ];
    for (const [output, message] of cases) {
      const { code, stdout, stderr } = await cli(['--output', output]);
      expect(code, output).toBe(1);
      expect(stdout, 'nothing ran').toBe('');
      expect(stderr.split('\n').filter(Boolean)).toEqual([expect.stringMatching(message)]);
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

  it('--help and --version', async () => {
    const { code, stdout } = await cli(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/usage: webgpu-style-swap/);
    const version = await cli(['--version']);
    expect(version.stdout.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
  });

  it('takes content, style and output as positionals; reads WebP and AVIF (EXIF turned upright), writes WebP', async () => {
    const coffee = await readImageFile(resolve(FIXTURES, 'coffee_128x88.png'));
    const raw = { raw: { width: coffee.width, height: coffee.height, channels: 4 as const } };
    const webp = join(scratch, 'coffee-sideways.webp');
    // Stored turned 90° anticlockwise with orientation 6 (display: turn 90° clockwise): upright when read.
    await sharp(Buffer.from(coffee.data), raw).rotate(-90).withMetadata({ orientation: 6 }).webp({ lossless: true }).toFile(webp);
    const avif = join(scratch, 'starry.avif');
    const starry = await readImageFile(resolve(FIXTURES, 'starry_96x64.png'));
    await sharp(Buffer.from(starry.data), { raw: { width: starry.width, height: starry.height, channels: 4 } })
      .avif({ lossless: true })
      .toFile(avif);
    const upright = await readImageFile(webp);
    expect([upright.width, upright.height]).toEqual([coffee.width, coffee.height]);
    expect(Buffer.compare(Buffer.from(upright.data), Buffer.from(coffee.data))).toBe(0);

    const output = join(scratch, 'positional.webp');
    const { code, stdout } = await cli([webp, avif, output, '--max-content-size', '64', '--max-style-size', '48']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/content: .*coffee-sideways\.webp\nstyle: +.*starry\.avif/);
    expect(stdout).toMatch(/^wrote .*positional\.webp \(64×44\) in \d+\.\d s$/m);
    const written = await sharp(output).metadata();
    expect([written.format, written.width, written.height]).toEqual(['webp', 64, 44]);
  });

  it('measures the adapter once and keeps it in the cache folder; the next run reuses it', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'style-swap-cache-'));
    const small = ['--max-content-size', '48', '--max-style-size', '48', '--output', join(scratch, 'cached.png')];
    const first = await cli(small, null, { XDG_CACHE_HOME: cache });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain(`measuring this adapter's kernels (once: the choice is kept in ${join(cache, 'webgpu-style-swap')})`);
    expect(first.stdout).toMatch(/s of it measuring the adapter$/m);
    expect(first.stderr).toMatch(/measuring the adapter 12\/12/); // progress lines, stderr not being a terminal
    const kept = readdirSync(join(cache, 'webgpu-style-swap'));
    expect(kept).toEqual([expect.stringMatching(/^tuning-[0-9a-f]{16}\.json$/)]);
    const record = JSON.parse(readFileSync(join(cache, 'webgpu-style-swap', kept[0]!), 'utf8')) as TuningRecord;
    expect(record.adapter).toBe(tuning.adapter);

    const second = await cli(small, null, { XDG_CACHE_HOME: cache });
    expect(second.code).toBe(0);
    expect(second.stdout).not.toMatch(/measuring/);
    expect(second.stderr).not.toMatch(/measuring/);

    // A kept record that does not fit is measured again, with a warning, and replaced.
    writeFileSync(join(cache, 'webgpu-style-swap', kept[0]!), JSON.stringify({ ...record, version: 0 }));
    const stale = await cli([...small, '--quiet'], null, { XDG_CACHE_HOME: cache });
    expect(stale.code).toBe(0);
    expect(stale.stdout).toBe('');
    expect(stale.stderr).toMatch(/the tuning record kept in .* does not fit \(its version is 0, not \d+\); measuring this adapter again/);
    expect(JSON.parse(readFileSync(join(cache, 'webgpu-style-swap', kept[0]!), 'utf8')).version).toBe(record.version);
  });
});
