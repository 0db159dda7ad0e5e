// webgpu-style-swap command line: stylize a content image with a style image. Every argument, image and the output
// path are checked before the GPU is touched; the adapter's tuning is measured once and kept in the user's cache.
import { readFile, writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import type { Progress, TuningRecord } from '../../api';
import { createStyleSwapOn } from '../../core/instance';
import { DEFAULT_MAX_INPUT_PIXELS } from '../../core/options';
import { checkedReader, readStylizeRequest } from '../../core/stylizeRequest';
import { StyleSwapError } from '../../errors';
import { installGlobals } from '../dawn';
import { writeImageFile } from '../imageFiles';
import { packageVersion } from '../packageRoot';
import { nodePlatform } from '../platform';
import { tuningCacheDir } from '../tuningStore';
import { parseCommandLine } from './arguments';
import { HELP } from './help';
import { checkOutputPath } from './outputPath';
import { progressDisplay } from './progressDisplay';

async function main(argv: string[]): Promise<void> {
  const command = parseCommandLine(argv);
  if (command.kind === 'help') return void process.stdout.write(HELP);
  if (command.kind === 'version') return void console.log(packageVersion());
  const { content, style, output, quiet } = command;
  const say = quiet ? () => {} : (line: string) => console.log(line);
  const display = progressDisplay(quiet);
  const started = performance.now();

  await checkOutputPath(output);
  // --tuning names a file unless it is 'off' or 'measure'; without it the library uses its cache.
  const mode = command.tuning === 'off' || command.tuning === 'measure' ? command.tuning : undefined;
  const tuningFile = mode ? undefined : command.tuning;
  const stored = mode ?? (tuningFile === undefined ? undefined : await readTuning(tuningFile));
  const options = { ...command.options, onProgress: (p: Progress) => display.show(p), profile: true };
  const request = await readStylizeRequest(checkedReader(nodePlatform, DEFAULT_MAX_INPUT_PIXELS), content, style, options);

  let tuningStarted: number | undefined;
  const onTuning = (p: Progress) => {
    if (tuningStarted === undefined) {
      tuningStarted = performance.now();
      const where = tuningFile ?? tuningCacheDir();
      display.end();
      say(`measuring this adapter's kernels (once: the choice is kept in ${where})`);
    }
    display.show(p);
  };
  installGlobals();
  const swap = await createStyleSwapOn(nodePlatform, { weights: command.weights, tuning: stored, precision: command.precision, onProgress: onTuning });
  const tuningSeconds = tuningStarted === undefined ? 0 : (performance.now() - tuningStarted) / 1000;
  try {
    if (tuningFile !== undefined && stored === undefined) await writeFile(tuningFile, JSON.stringify(swap.tuning, null, 2));
    say(`adapter: ${swap.adapter}`);
    const styles = typeof style === 'string' ? [style] : style.map((entry) => entry.style as string);
    say(`content: ${relative('.', content)}\nstyle:   ${styles.map((s) => relative('.', s)).join(', ')}`);
    const result = await swap.stylizeRequest(request);
    display.end();
    for (const [stage, ms] of Object.entries(result.timings ?? {})) say(`  ${stage.padEnd(15)} ${ms.toFixed(0).padStart(7)} ms`);
    await writeImageFile(output, result as { width: number; height: number; data: Uint8ClampedArray });
    const seconds = (performance.now() - started) / 1000;
    const tuned = tuningSeconds > 0 ? `, ${tuningSeconds.toFixed(1)} s of it measuring the adapter` : '';
    say(`wrote ${output} (${result.width}×${result.height}) in ${seconds.toFixed(1)} s${tuned}`);
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

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error: unknown) => {
    const message = error instanceof StyleSwapError ? error.message : String(error);
    console.error(`webgpu-style-swap: ${message}`);
    process.exit(1);
  },
);
