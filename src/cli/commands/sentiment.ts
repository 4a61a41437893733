import fs from 'node:fs/promises';
import path from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { loadConfig } from '../../config.js';
import { ErrorCode, KikiError } from '../../errors.js';
import { cliLogger } from '../context.js';

interface SentimentFlags {
  json?: boolean;
  out?: string;
  chart?: string;
  outlets?: string;
  teamLabels?: string;
}

export function registerSentiment(program: Command): void {
  const sentiment = program
    .command('sentiment')
    .description('Press sentiment report from articles: files (txt, md, html, pdf, docx), folders or http(s) URLs')
    .argument('[sources...]', 'files, folders or URLs')
    .option('--json', 'print the report as JSON on stdout')
    .option('--out <file>', 'write the report as Markdown')
    .option('--chart <file>', 'write the chart as PNG')
    .option('--outlets <csv>', 'outlets and monthly audience (outlet,monthly_audience[,domain]) for potential reach; default KIKI_OUTLETS')
    .option('--team-labels <jsonl>', "the team's labels (kiki sentiment corrections --export) to adjust the offline scorer with")
    .action(async (sources: string[], flags: SentimentFlags) => {
      const config = loadConfig();
      const logger = cliLogger(config);
      if (sources.length === 0)
        throw new KikiError(ErrorCode.InvalidInput, 'give files, folders or URLs to read (see kiki sentiment --help)');
      const { expandPaths, renderReportChart, toCliJson, buildMarkdown, SentimentService, sentimentOptionsFromConfig, readTeamLabels } =
        await comms();
      const { inputs, problems } = await expandPaths(sources);
      if (inputs.length === 0) {
        throw new KikiError(ErrorCode.InvalidInput, `nothing to read: ${problems.map((p) => `${p.source}: ${p.error}`).join('; ')}`);
      }
      const options = sentimentOptionsFromConfig(config, logger);
      const teamFile = flags.teamLabels;
      const service = new SentimentService({
        ...options,
        ...(flags.outlets ? { outletsFile: path.resolve(flags.outlets) } : {}),
        ...(teamFile ? { teamLabels: async () => readTeamLabels(await fs.readFile(teamFile, 'utf8'), teamFile) } : {}),
      });
      const progress = progressReporter(inputs.length);
      const report = await service.run(inputs, { onProgress: progress.update, failures: problems }).finally(progress.stop);
      if (report.articles.length === 0) {
        throw new KikiError(
          ErrorCode.InvalidInput,
          `no article could be read: ${report.failures.map((f) => `${f.source}: ${f.error}`).join('; ')}`,
        );
      }
      if (flags.chart) await fs.writeFile(flags.chart, await renderReportChart(report));
      const markdown = buildMarkdown(
        report,
        flags.chart && flags.out ? path.relative(path.dirname(path.resolve(flags.out)), path.resolve(flags.chart)) : undefined,
      );
      if (flags.out) await fs.writeFile(flags.out, markdown);
      for (const f of report.failures) process.stderr.write(`kiki: could not read ${f.source}: ${f.error}\n`);
      if (flags.json) process.stdout.write(`${JSON.stringify(toCliJson(report), null, 2)}\n`);
      else if (!flags.out) process.stdout.write(markdown);
      else {
        const s = report.summary;
        process.stdout.write(
          `${s.articles} articles: ${s.positive} positive, ${s.neutral} neutral, ${s.negative} negative, ${s.mixed} mixed; net ${s.net > 0 ? '+' : ''}${s.net}. Report written to ${flags.out}${flags.chart ? `, chart to ${flags.chart}` : ''}.\n`,
        );
      }
    });
  registerCorrections(sentiment);
}

function registerCorrections(sentiment: Command): void {
  sentiment
    .command('corrections')
    .description('Labels people gave articles of sentiment reports in Slack: a summary, or --export as labelled data (JSON Lines)')
    .option('--export', 'print every labelled article as JSON Lines: text, label, language, kiki_label, corrected…')
    .option('--out <file>', 'with --export, write to this file instead of stdout')
    .action(async (flags: { export?: boolean; out?: string }) => {
      const config = loadConfig();
      const logger = cliLogger(config);
      const [{ openStore }, { SentimentCorrections }] = await Promise.all([
        import('../../store/db.js'),
        import('../../comms/corrections.js'),
      ]);
      const store = await openStore({ dataDir: config.KIKI_DATA_DIR, databaseUrl: config.DATABASE_URL, logger });
      try {
        const rows = await new SentimentCorrections(store).export();
        if (flags.export) {
          const lines = rows.map((r) => `${JSON.stringify(r)}\n`).join('');
          if (flags.out) {
            await fs.writeFile(flags.out, lines);
            process.stderr.write(`${rows.length} labelled article${rows.length === 1 ? '' : 's'} written to ${flags.out}\n`);
          } else process.stdout.write(lines);
          return;
        }
        const corrected = rows.filter((r) => r.corrected).length;
        const sample = rows.filter((r) => r.in_validation_sample);
        const agreed = sample.filter((r) => !r.corrected).length;
        process.stdout.write(
          `${rows.length} article${rows.length === 1 ? '' : 's'} checked by people, ${corrected} corrected. ` +
            (sample.length
              ? `Agreement with Kiki on validation samples: ${Math.round((agreed / sample.length) * 100)}% (${agreed} of ${sample.length}).\n`
              : 'No validation-sample article checked yet.\n'),
        );
      } finally {
        await store.close();
      }
    });
}

/** The press pipeline, loaded only when this command runs (it brings an HTML parser and the scorers). */
async function comms() {
  const [intake, chart, json, markdown, service] = await Promise.all([
    import('../../comms/intake/index.js'),
    import('../../comms/render/chart.js'),
    import('../../comms/render/json.js'),
    import('../../comms/render/markdown.js'),
    import('../../comms/service.js'),
  ]);
  return {
    expandPaths: intake.expandPaths,
    renderReportChart: chart.renderReportChart,
    toCliJson: json.toCliJson,
    buildMarkdown: markdown.buildMarkdown,
    SentimentService: service.SentimentService,
    sentimentOptionsFromConfig: service.sentimentOptionsFromConfig,
    readTeamLabels: service.readTeamLabels,
  };
}

/** A progress bar on a terminal, plain lines on stderr otherwise (every 10% and at the end). */
function progressReporter(total: number): { update: (done: number, total: number) => void; stop: () => void } {
  if (process.stderr.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: 'Reading articles [{bar}] {value}/{total}', stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0);
    return { update: (done) => bar.update(done), stop: () => bar.stop() };
  }
  let lastShown = -1;
  return {
    update: (done, all) => {
      const step = Math.max(1, Math.ceil(all / 10));
      if (done === all || done - lastShown >= step) {
        lastShown = done;
        process.stderr.write(`Reading ${all} articles… ${done}/${all}\n`);
      }
    },
    stop: () => undefined,
  };
}
