// How the command line shows long work: a bar on a terminal, a few plain lines otherwise, nothing with --quiet.
import { Presets, SingleBar } from 'cli-progress';
import type { Progress } from '../../api';

/** What each progress stage is called on screen. */
const LABELS: Record<string, string> = {
  tune: 'measuring the adapter',
  match: 'matching patches',
  tile: 'stylizing tiles',
  optimize: 'optimising',
};

export interface ProgressDisplay {
  /** Shows one report of a call's onProgress; stages not in LABELS (the short ones) are not shown. */
  show(progress: Progress): void;
  /** Ends the bar in progress, if any, before other output. */
  end(): void;
}

export function progressDisplay(quiet: boolean, stream: NodeJS.WriteStream = process.stderr): ProgressDisplay {
  if (quiet) return { show() {}, end() {} };
  return stream.isTTY ? terminalBar(stream) : plainLines(stream);
}

function terminalBar(stream: NodeJS.WriteStream): ProgressDisplay {
  let bar: SingleBar | null = null;
  let stage = '';
  const end = () => {
    bar?.stop();
    bar = null;
    stage = '';
  };
  return {
    show(p) {
      const label = LABELS[p.stage];
      if (!label) return;
      if (p.stage !== stage) {
        end();
        stage = p.stage;
        bar = new SingleBar(
          {
            format: `  ${label.padEnd(22)} {bar} {value}/{total} · {duration_formatted} (ETA {eta_formatted})`,
            stream,
            hideCursor: true,
            clearOnComplete: false,
          },
          Presets.shades_classic,
        );
        bar.start(p.total, p.done);
      } else {
        bar!.update(p.done);
      }
      if (p.done >= p.total) end();
    },
    end,
  };
}

/** A line when a stage starts and at each further tenth of it, so a log shows the run is alive. */
function plainLines(stream: NodeJS.WriteStream): ProgressDisplay {
  let stage = '';
  let shownTenth = -1;
  return {
    show(p) {
      const label = LABELS[p.stage];
      if (!label) return;
      if (p.stage !== stage) [stage, shownTenth] = [p.stage, -1];
      const tenth = p.total > 0 ? Math.floor((10 * p.done) / p.total) : 10;
      if (tenth === shownTenth) return;
      shownTenth = tenth;
      const loss = p.loss === undefined ? '' : ` (loss ${p.loss.toExponential(4)})`;
      stream.write(`  ${label} ${p.done}/${p.total}${loss}\n`);
    },
    end() {},
  };
}
