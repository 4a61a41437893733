import cliProgress from 'cli-progress';
import type { SeedProgress } from './seed.js';

/** A progress bar on a terminal, plain lines otherwise (CI logs, pipes). */
export function consoleProgress(stream: NodeJS.WriteStream = process.stderr): SeedProgress {
  if (stream.isTTY) {
    let bar: cliProgress.SingleBar | undefined;
    return {
      start(total, label) {
        bar = new cliProgress.SingleBar(
          { stream, format: `${label} [{bar}] {value}/{total}`, hideCursor: true, clearOnComplete: false },
          cliProgress.Presets.shades_classic,
        );
        bar.start(total, 0);
      },
      update(done) {
        bar?.update(done);
      },
      stop() {
        bar?.stop();
        bar = undefined;
      },
    };
  }
  let current = { label: '', total: 0, shown: 0 };
  return {
    start(total, label) {
      current = { label, total, shown: 0 };
      stream.write(`${label}: 0/${total}\n`);
    },
    update(done) {
      // A line every 10 % is enough for a log.
      const step = Math.floor((done / Math.max(1, current.total)) * 10);
      if (step > current.shown && done < current.total) {
        current.shown = step;
        stream.write(`${current.label}: ${done}/${current.total}\n`);
      }
    },
    stop() {
      stream.write(`${current.label}: done\n`);
    },
  };
}
