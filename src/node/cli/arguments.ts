// The command line's arguments: parsed, checked and turned into library options, all before any GPU work.
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { MatchMode, MatchSpace, OptimizeInit, Precision, StyleEntry, StylizeOptions } from '../../api';
import { nearestName } from '../../core/validate';
import { StyleSwapError } from '../../errors';
import { packageRoot } from '../packageRoot';

const OPTIONS = {
  content: { type: 'string' },
  style: { type: 'string', multiple: true },
  'style-weight': { type: 'string', multiple: true },
  mask: { type: 'string', multiple: true },
  output: { type: 'string', short: 'o' },
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
  quiet: { type: 'boolean', short: 'q' },
  version: { type: 'boolean', short: 'v' },
  help: { type: 'boolean', short: 'h' },
} satisfies ParseArgsConfig['options'];

/** What a run of the command line does. */
export type CliCommand =
  | { readonly kind: 'help' }
  | { readonly kind: 'version' }
  | {
      readonly kind: 'stylize';
      readonly content: string;
      readonly style: string | StyleEntry<string>[];
      readonly output: string;
      /** Everything stylize() takes but onProgress and profile, which the command line adds. */
      readonly options: StylizeOptions;
      /** A tuning file, 'off' or 'measure'; undefined: the cache. */
      readonly tuning: string | undefined;
      readonly precision: Precision | undefined;
      readonly weights: string | undefined;
      readonly quiet: boolean;
    };

/** Reads `argv` (without node and the script): throws code 'option' naming the problem and, for a typo, the fix. */
export function parseCommandLine(argv: readonly string[]): CliCommand {
  const optimizeFlag = optimizeArgument(argv);
  let parsed;
  try {
    parsed = parseArgs({ args: optimizeFlag.argv, options: OPTIONS, strict: true, allowPositionals: true });
  } catch (error) {
    throw explainParseError(error as Error & { code?: string });
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const strays = (['learning-rate', 'tv-weight', 'init', 'seed'] as const).filter((name) => values[name] !== undefined);
  if (strays.length > 0 && !optimizeFlag.given) throw new StyleSwapError('option', `--${strays[0]} sets the optimisation: add --optimize`);

  const paths = positionalPaths(positionals, values);
  const samples = join(packageRoot(), 'examples', 'samples');
  const tuning = values.tuning;
  return {
    kind: 'stylize',
    content: paths.content ?? join(samples, 'chelsea.png'),
    style: styleArgument(paths.styles ?? [join(samples, 'hubble_deep_field.png')], values['style-weight'], values.mask),
    output: paths.output ?? join('out', 'stylized.png'),
    options: {
      patchSize: integer(values['patch-size'], 'patch-size'),
      patchStride: integer(values['patch-stride'], 'patch-stride'),
      matchSpace: values['match-space'] as MatchSpace | undefined,
      match: values.match as MatchMode | undefined,
      maxContentSize: values['max-content-size'] === 'full' ? Infinity : integer(values['max-content-size'], 'max-content-size'),
      memoryBudget: mebibytes(decimal(values['memory-budget'], 'memory-budget')),
      tileSize: integer(values['tile-size'], 'tile-size'),
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
    },
    tuning,
    precision: values.precision as Precision | undefined,
    weights: values.weights,
    quiet: values.quiet === true,
  };
}

/** `content style [output]` as positionals, or the same by --content, --style and --output: not both. */
function positionalPaths(positionals: string[], values: { content?: string; style?: string[]; output?: string }) {
  if (positionals.length > 3) {
    throw new StyleSwapError(
      'option',
      `too many paths (${positionals.join(' ')}): give content, style and optionally output, or use --content, --style and --output`,
    );
  }
  const [content, style, output] = positionals;
  const clash = (content && values.content && '--content') || (style && values.style && '--style') || (output && values.output && '--output');
  if (clash) throw new StyleSwapError('option', `${clash} is given both as an option and as a path: give it once`);
  return { content: content ?? values.content, styles: style ? [style] : values.style, output: output ?? values.output };
}

/** parseArgs' errors, with the option most likely meant for an unknown one. */
function explainParseError(error: Error & { code?: string }): Error {
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const given = /'(-{1,2}[^']+)'/.exec(error.message)?.[1] ?? '';
    const near = nearestName(given.replace(/^-+/, '').split('=')[0]!, Object.keys(OPTIONS));
    const hint = near ? `; did you mean --${near}?` : '; see --help';
    return new StyleSwapError('option', `unknown option ${given}${hint}`);
  }
  if (error.code?.startsWith('ERR_PARSE_ARGS')) return new StyleSwapError('option', `${error.message.split('\n')[0]} (see --help)`);
  return error;
}

function integer(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?\d+$/.test(value)) throw new StyleSwapError('option', `--${name} takes an integer, got '${value}'`);
  return Number(value);
}

function decimal(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^-?(\d+\.?\d*|\.\d+)$/.test(value)) throw new StyleSwapError('option', `--${name} takes a number, got '${value}'`);
  return Number(value);
}

const mebibytes = (value: number | undefined) => (value === undefined ? undefined : Math.round(value * 2 ** 20));

/** One style path as it is, or the styles paired in order with their weights and masks (one each, or none). */
function styleArgument(styles: string[], weights: string[] | undefined, masks: string[] | undefined): string | StyleEntry<string>[] {
  for (const [name, values] of [
    ['--style-weight', weights],
    ['--mask', masks],
  ] as const) {
    if (values && values.length !== styles.length) {
      throw new StyleSwapError('option', `${name} is given ${values.length} time(s) for ${styles.length} --style: give one per style, in order, or none`);
    }
  }
  if (styles.length === 1 && !weights && !masks) return styles[0]!;
  return styles.map((style, i) => ({ style, weight: decimal(weights?.[i], 'style-weight'), mask: masks?.[i] }));
}

/** `--optimize` takes an optional count: read it here, since parseArgs has no optional values. */
function optimizeArgument(argv: readonly string[]): { argv: string[]; iterations?: string; given: boolean } {
  const at = argv.indexOf('--optimize');
  if (at < 0) return { argv: [...argv], given: false };
  const next = argv[at + 1];
  // A number, or a word that is no path (checked by integer()); a path is the content, given as a positional.
  const count = next !== undefined && (/^[-+]?[\d.]+$/.test(next) || /^[^-./\\][^./\\]*$/.test(next)) ? next : undefined;
  return { argv: [...argv.slice(0, at), ...argv.slice(at + (count === undefined ? 1 : 2))], iterations: count, given: true };
}
