import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import type { IngestProgress, IngestSummary } from '../../retrieval/ingest.js';
import { cliConfig, cliLogger, openServices } from '../context.js';

const PHASES: Record<IngestProgress['phase'], string> = {
  scan: 'Scanning',
  load: 'Reading files',
  embed: 'Embedding',
  index: 'Indexing',
  write: 'Writing',
};

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('Index the documents in KNOWLEDGE_DIR (incremental: unchanged files are skipped)')
    .option('--full', 'rebuild everything, ignoring the previous index')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { full?: boolean; json?: boolean }) => {
      const config = cliConfig();
      const services = await openServices(config, cliLogger(config));
      const reporter = progressReporter();
      try {
        const summary = await services.retrieval.ingest({ ...(opts.full ? { full: true } : {}), onProgress: reporter.update });
        reporter.stop();
        process.stdout.write(opts.json ? `${JSON.stringify(summary)}\n` : formatSummary(summary));
      } finally {
        reporter.stop();
        await services.close();
      }
    });
}

/** A progress bar on a terminal, one line per phase otherwise (logs, CI). */
function progressReporter(): { update: (p: IngestProgress) => void; stop: () => void } {
  if (!process.stderr.isTTY) {
    let last = '';
    return {
      update: (p) => {
        if (p.phase !== last) {
          last = p.phase;
          process.stderr.write(`${PHASES[p.phase]}… (${p.total})\n`);
        }
      },
      stop: () => {},
    };
  }
  const bar = new cliProgress.SingleBar(
    { format: '{phase} [{bar}] {value}/{total} {file}', stream: process.stderr, hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  let phase = '';
  return {
    update: (p) => {
      if (!started) {
        bar.start(p.total, p.done, { phase: PHASES[p.phase], file: '' });
        started = true;
      }
      if (p.phase !== phase) {
        phase = p.phase;
        bar.setTotal(Math.max(p.total, 1));
      }
      bar.update(p.done, { phase: PHASES[p.phase], file: p.file ?? '' });
    },
    stop: () => {
      if (started) bar.stop();
      started = false;
    },
  };
}

export function formatSummary(s: IngestSummary): string {
  const lines = [
    s.upToDate ? 'The index is up to date: nothing changed since the last ingest.' : 'Ingest complete.',
    `  files:   ${s.files} (${s.changed} new or changed, ${s.skipped} unchanged and skipped, ${s.removed} removed)`,
    `  chunks:  ${s.chunks}`,
    `  failed:  ${s.failed.length}`,
    ...s.failed.map((f) => `    - ${f.source}: ${f.reason}`),
    `  seconds: ${s.seconds.toFixed(1)}`,
    `  embedder: ${s.embedder}`,
  ];
  return `${lines.join('\n')}\n`;
}
