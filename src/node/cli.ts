// webgpu-style-swap command line: stylize a content image with a style image, PNG or JPEG in and out.
import { constants } from 'node:fs';
import { access, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { parseArgs } from 'node:util';
import { StyleSwapError } from '../errors';
import { imageFormatFor } from './imageFiles';
import { createStyleSwap, writeImageFile, type MatchMode, type MatchSpace, type NodeImage, type OptimizeInit, type Precision, type StyleEntry, type TuningRecord } from './index';
import { packageRoot } from './packageRoot';

const HELP = `webgpu-style-swap: arbitrary style transfer (style-swap) on WebGPU

usage: webgpu-style-swap [--content <file>] [--style <file>] [--output <file>] [options]

  --content <file>          content image, PNG or JPEG (default: the bundled sample ${'examples/samples/chelsea.png'})
  --style <file>            style image, PNG or JPEG (default: the bundled sample ${'examples/samples/hubble_deep_field.png'});
                            repeat it to mix styles
  --style-weight <w>        the weight of each --style, in order (default 1 each): give one per style, or none
  --mask <file>             where each --style goes (white: here), in order: give one per style, or none
  --output <file>           where to write the result, .png or .jpg (default: out/stylized.png)
  --patch-size <n>          odd patch size in relu3_1 pixels (default 3)
  --patch-stride <n>        patch stride (default 1)
  --match-space <space>     vgg19 | normalized (default vgg19)
  --match <mode>            exact | approximate: candidates on 64 projected channels, re-ranked exactly;
                            faster, near-identical patches (default exact)
  --max-content-size <px>   downscale a larger content image to this side (default 640); 'full': never
                            (any size: what does not fit the memory budget is stylized in tiles)
  --memory-budget <MiB>     GPU memory a stylization may use before it tiles (default 256)
  --tile-size <px>          force tiles of this many pixels square (default: only when the budget needs them)
  --max-style-size <px>     downscale a larger style image to this side (default 512)
  --strength <0..1>         how much of the style to apply (default 1)
  --optimize [iterations]   sharpen the result by the paper's optimisation: Adam on the image (default 100 steps)
  --learning-rate <r>       the optimisation's step size, in pixel units of [0, 1] (default 0.01)
  --tv-weight <λ>           the weight of the total variation (default 200)
  --init <start>            decoder | content | noise: where the optimisation starts (default decoder)
  --seed <n>                the noise's seed (--init noise; default 1)
  --preserve-color          keep the content's colours, take the style's luminance texture
  --tuning <file>|off       the tuner's record for this adapter: read from <file>, or measured and written
                            there if it does not exist (later runs skip the timing and give the same bytes);
                            'off': the direct convolution everywhere (default: measured each run)
  --precision <p>           f32 | f16: the convolutions' weights in half floats, sums in f32 (half the weights'
                            memory; needs shader-f16; results differ slightly) (default f32)
  --weights <dir>           folder with vgg19_relu3_1.safetensors and decoder_relu3_1.safetensors
                            (default: $STYLE_SWAP_WEIGHTS, else the package's own weights/)
  -h, --help                this text
`;

function integer(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw new StyleSwapError('option', `--${name} takes an integer, got '${value}'`);
  return Number(value);
}

/** --max-content-size: a number of pixels, or 'full' (no downscale). */
function contentSize(value: string | undefined): number | undefined {
  return value === 'full' ? Infinity : integer(value, 'max-content-size');
}

function decimal(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(value)) throw new StyleSwapError('option', `--${name} takes a number, got '${value}'`);
  return Number(value);
}

const mebibytes = (value: number | undefined) => (value === undefined ? undefined : Math.round(value * 2 ** 20));

/** One style path as it is, or the styles paired in order with their weights and masks (one each, or none). */
function styleArgument(styles: string[], weights: string[] | undefined, masks: string[] | undefined): string | StyleEntry<NodeImage>[] {
  for (const [name, values] of [['--style-weight', weights], ['--mask', masks]] as const) {
    if (values && values.length !== styles.length) {
      throw new StyleSwapError('option', `${name} is given ${values.length} time(s) for ${styles.length} --style: give one per style, in order, or none`);
    }
  }
  if (styles.length === 1 && !weights && !masks) return styles[0]!;
  return styles.map((style, i) => ({ style, weight: decimal(weights?.[i], 'style-weight'), mask: masks?.[i] }));
}

/** `--optimize` takes an optional count: read it here, since parseArgs has no optional values. */
function optimizeArgument(argv: string[]): { argv: string[]; iterations?: string; given: boolean } {
  const at = argv.indexOf('--optimize');
  if (at < 0) return { argv, given: false };
  const next = argv[at + 1];
  const count = next !== undefined && !next.startsWith('-') ? next : undefined;
  return { argv: [...argv.slice(0, at), ...argv.slice(at + (count === undefined ? 1 : 2))], iterations: count, given: true };
}

async function main(allArgs: string[]): Promise<void> {
  const optimizeFlag = optimizeArgument(allArgs);
  const { values } = parseArgs({
    args: optimizeFlag.argv,
    options: {
      content: { type: 'string' },
      style: { type: 'string', multiple: true },
      'style-weight': { type: 'string', multiple: true },
      mask: { type: 'string', multiple: true },
      output: { type: 'string' },
      'patch-size': { type: 'string' },
      'patch-stride': { type: 'string' },
      'match-space': { type: 'string' },
      match: { type: 'string' },
      'max-content-size': { type: 'string' },
      'max-style-size': { type: 'string' },
      'memory-budget': { type: 'string' },
      'tile-size': { type: 'string' },
      strength: { type: 'string' },
      'preserve-color': { type: 'boolean' },
      'learning-rate': { type: 'string' },
      'tv-weight': { type: 'string' },
      init: { type: 'string' },
      seed: { type: 'string' },
      weights: { type: 'string' },
      tuning: { type: 'string' },
      precision: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const strays = (['learning-rate', 'tv-weight', 'init', 'seed'] as const).filter((name) => values[name] !== undefined);
  if (strays.length > 0 && !optimizeFlag.given) throw new StyleSwapError('option', `--${strays[0]} sets the optimisation: add --optimize`);
  const samples = join(packageRoot(), 'examples', 'samples');
  const content = values.content ?? join(samples, 'chelsea.png');
  const style = styleArgument(values.style ?? [join(samples, 'hubble_deep_field.png')], values['style-weight'], values.mask);
  const output = values.output ?? join('out', 'stylized.png');
  const matchSpace = values['match-space'] as MatchSpace | undefined;
  await checkOutputPath(output);

  const started = performance.now();
  const stored = values.tuning === undefined || values.tuning === 'off' ? values.tuning : await readTuning(values.tuning);
  const swap = await createStyleSwap({ weights: values.weights, tuning: stored, precision: values.precision as Precision | undefined });
  try {
    if (values.tuning && stored === undefined) await writeFile(values.tuning, JSON.stringify(swap.tuning, null, 2));
    console.log(`adapter: ${swap.adapter}`);
    const styles = typeof style === 'string' ? [style] : style.map((entry) => entry.style as string);
    console.log(`content: ${relative('.', content)}\nstyle:   ${styles.map((s) => relative('.', s)).join(', ')}`);
    const result = await swap.stylize(content, style, {
      patchSize: integer(values['patch-size'], 'patch-size'),
      patchStride: integer(values['patch-stride'], 'patch-stride'),
      matchSpace,
      match: values.match as MatchMode | undefined,
      maxContentSize: contentSize(values['max-content-size']),
      memoryBudget: mebibytes(decimal(values['memory-budget'], 'memory-budget')),
      tileSize: integer(values['tile-size'], 'tile-size'),
      onProgress: (p) => {
        if (p.stage === 'tile') console.log(`  tile ${p.done} of ${p.total}`);
        if (p.stage === 'optimize') console.log(`  optimize ${String(p.done).padStart(4)} of ${p.total}: loss ${p.loss!.toExponential(4)}`);
      },
      maxStyleSize: integer(values['max-style-size'], 'max-style-size'),
      strength: decimal(values.strength, 'strength'),
      preserveColor: values['preserve-color'],
      optimize: optimizeFlag.given && {
        iterations: integer(optimizeFlag.iterations, 'optimize'),
        learningRate: decimal(values['learning-rate'], 'learning-rate'),
        tvWeight: decimal(values['tv-weight'], 'tv-weight'),
        init: values.init as OptimizeInit | undefined,
        seed: integer(values.seed, 'seed'),
      },
      profile: true,
    });
    for (const [stage, ms] of Object.entries(result.timings ?? {})) console.log(`  ${stage.padEnd(15)} ${ms.toFixed(0).padStart(7)} ms`);
    await writeImageFile(output, result);
    console.log(`wrote ${output} (${result.width}×${result.height}) in ${((performance.now() - started) / 1000).toFixed(1)} s, first-run shader compilation included`);
  } finally {
    swap.destroy();
  }
}

/** The record stored in `file` (checked by the library, which warns and measures if it is not usable), or undefined if there is none yet. */
async function readTuning(file: string): Promise<TuningRecord | undefined> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw new StyleSwapError('option', `cannot read --tuning ${file} (${e.code})`);
  });
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as TuningRecord;
  } catch {
    throw new StyleSwapError('option', `--tuning ${file} is not JSON: pass a file written by --tuning, or delete it to measure again`);
  }
}

/** Fails before any work when the result could not be written: a wrong extension, a folder, a folder we cannot write. */
async function checkOutputPath(output: string): Promise<void> {
  imageFormatFor(output);
  const fail = (why: string): never => {
    throw new StyleSwapError('option', `cannot write --output ${output}: ${why}`);
  };
  const existing = await stat(output).catch(() => null);
  if (existing?.isDirectory()) fail('it is a folder');
  const folder = dirname(output) || '.';
  await mkdir(folder, { recursive: true }).catch((e: NodeJS.ErrnoException) => fail(`cannot create its folder (${e.code})`));
  await access(folder, constants.W_OK).catch((e: NodeJS.ErrnoException) => fail(`its folder is not writable (${e.code})`));
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    const message = error instanceof StyleSwapError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? (error as Error).message : String(error);
    console.error(`webgpu-style-swap: ${message}`);
    process.exit(1);
  },
);
