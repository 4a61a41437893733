import fs from 'node:fs';
import path from 'node:path';
import { type Command, Option } from 'commander';
import { renderChartPng } from '../../charts/render.js';
import { loadConfig } from '../../config.js';
import { ErrorCode, KikiError } from '../../errors.js';
import { createLogger } from '../../logger.js';
import { createServices } from '../../services.js';
import { adoptionChartSpec } from '../../usage/chart.js';
import { reportCsv, reportJson, reportTable } from '../../usage/export.js';
import { gapsJson, gapsTable } from '../../usage/gaps-export.js';
import { parseRange, parseSince, type ReportWindow } from '../../usage/window.js';

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
        throw new KikiError(ErrorCode.InvalidInput, '--gaps prints a table or --json; leave out --format csv and --chart.');
      }
      const config = loadConfig();
      const services = await createServices(config, createLogger(config.LOG_LEVEL ?? 'warn'));
      try {
        const format = opts.json ? 'json' : opts.format;
        if (opts.gaps) {
          const gaps = await services.reports.gaps(window);
          process.stdout.write(format === 'json' ? `${JSON.stringify(gapsJson(gaps), null, 2)}\n` : gapsTable(gaps));
          return;
        }
        const report = await services.reports.report(window);
        if (opts.chart) {
          const file = path.resolve(opts.chart);
          try {
            fs.writeFileSync(file, await renderChartPng(adoptionChartSpec(report)));
          } catch (error) {
            throw new KikiError(ErrorCode.InvalidInput, `Cannot write the chart to ${file}: ${(error as Error).message}`, { cause: error });
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
    throw new KikiError(ErrorCode.InvalidInput, 'Use either --since or --from/--to, not both.');
  }
  if (opts.to !== undefined && opts.from === undefined) throw new KikiError(ErrorCode.InvalidInput, '--to needs --from.');
  if (opts.from !== undefined) return parseRange(opts.from, opts.to);
  return parseSince(opts.since ?? '30d');
}
