import fs from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { CliUsageError, FileNotWritableError } from '../../errors.js';
import { gapsJson, gapsTable } from '../../usage/gaps-export.js';
import { parseRange, parseSince, type ReportWindow } from '../../usage/window.js';
import { cliConfig, cliLogger, openServices } from '../context.js';

interface ReportOptions {
  since?: string;
  from?: string;
  to?: string;
  format: 'table' | 'csv' | 'json';
  json?: boolean;
  chart?: string;
  gaps?: boolean;
}

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('Adoption and quality per department (small groups folded into "Other (small groups)")')
    .option('--since <days>', 'the last N days, e.g. 7d, 30d, 90d (default 30d)')
    .option('--from <date>', 'first day, YYYY-MM-DD (UTC)')
    .option('--to <date>', 'last day, YYYY-MM-DD (UTC; default today)')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'csv', 'json']).default('table'))
    .option('--json', 'same as --format json')
    .option('--chart <file>', 'also write the chart (penetration by department, weekly trend) as PNG')
    .option('--gaps', 'knowledge gaps per owning team instead: not found, thumbs-down, hand-offs, closest documents')
    .action(async (opts: ReportOptions) => {
      const window = windowOf(opts);
      if (opts.gaps && (opts.format === 'csv' || opts.chart)) {
        throw new CliUsageError('--gaps prints a table or --json; leave out --format csv and --chart.');
      }
      const config = cliConfig();
      const services = await openServices(config, cliLogger(config));
      try {
        const { reportCsv, reportJson, reportTable } = await import('../../usage/export.js');
        const format = opts.json ? 'json' : opts.format;
        if (opts.gaps) {
          const gaps = await services.reports.gaps(window);
          process.stdout.write(format === 'json' ? `${JSON.stringify(gapsJson(gaps), null, 2)}\n` : gapsTable(gaps));
          return;
        }
        const report = await services.reports.report(window);
        if (opts.chart) {
          const file = path.resolve(opts.chart);
          const [{ renderChartPng }, { adoptionChartSpec }] = await Promise.all([
            import('../../charts/render.js'),
            import('../../usage/chart.js'),
          ]);
          try {
            fs.writeFileSync(file, await renderChartPng(adoptionChartSpec(report)));
          } catch (error) {
            throw new FileNotWritableError(file, { cause: error });
          }
          process.stderr.write(`Chart written to ${file}\n`);
        }
        if (format === 'json') process.stdout.write(`${JSON.stringify(reportJson(report), null, 2)}\n`);
        else if (format === 'csv') process.stdout.write(reportCsv(report));
        else process.stdout.write(reportTable(report));
        if (format !== 'table') for (const note of report.notes) process.stderr.write(`Note: ${note}\n`);
      } finally {
        await services.close();
      }
    });
}

function windowOf(opts: ReportOptions): ReportWindow {
  if (opts.since !== undefined && (opts.from !== undefined || opts.to !== undefined)) {
    throw new CliUsageError('Use either --since or --from/--to, not both.');
  }
  if (opts.to !== undefined && opts.from === undefined) throw new CliUsageError('--to needs --from.');
  if (opts.from !== undefined) return parseRange(opts.from, opts.to);
  return parseSince(opts.since ?? '30d');
}
