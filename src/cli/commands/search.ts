import fs from 'node:fs';
import readline from 'node:readline';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { z } from 'zod';
import { CliUsageError, ErrorCode, KikiError } from '../../errors.js';
import type { SearchMode } from '../../retrieval/search-index.js';
import { type Asker, EVERYONE, type Passage } from '../../retrieval/types.js';
import { cliConfig, cliLogger, openCoreServices } from '../context.js';

interface SearchOpts {
  as?: string;
  k: number;
  json?: boolean;
  batch?: string;
  mode: SearchMode;
}

const batchLine = z.object({ id: z.union([z.string(), z.number()]), query: z.string() });

export function registerSearch(program: Command): void {
  program
    .command('search')
    .description('Search the ingested documents (hybrid BM25 + vectors), as a given Slack user or as everyone')
    .argument('[query]', 'what to look for')
    .option('--as <slackUserId>', 'search as this user (their department decides which restricted documents they see)')
    .option('--k <n>', 'number of results', positiveInt, 5)
    .option('--json', 'print {"results":[…]} as JSON')
    .option('--batch <file>', 'read JSON lines {"id","query"} and print one JSON line {"id","results"} per query')
    .addOption(
      program.createOption('--mode <mode>', 'ranking to use (for evaluations)').choices(['hybrid', 'lexical', 'vector']).default('hybrid'),
    )
    .action(async (query: string | undefined, opts: SearchOpts) => {
      if (!query && !opts.batch) throw new CliUsageError('give a query, e.g. kiki search "per diem", or --batch FILE');
      const config = cliConfig();
      const services = await openCoreServices(config, cliLogger(config));
      const { askerFor } = await import('../../retrieval/access.js');
      try {
        const asker: Asker = opts.as ? await askerFor(config, services.directory, opts.as) : EVERYONE;
        const index = await services.retrieval.current();
        if (!index) throw new KikiError(ErrorCode.NotFound, 'there is no search index yet; run "kiki ingest" first');
        const run = (q: string) => services.retrieval.search(q, asker, { k: opts.k, mode: opts.mode });
        if (opts.batch) {
          await runBatch(opts.batch, run);
          return;
        }
        const results = await run(query ?? '');
        process.stdout.write(opts.json ? `${JSON.stringify({ results: results.map(toJson) })}\n` : formatResults(results));
      } finally {
        await services.close();
      }
    });
}

async function runBatch(file: string, run: (q: string) => Promise<Passage[]>): Promise<void> {
  if (file !== '-' && !fs.existsSync(file)) throw new CliUsageError(`cannot read ${file}: no such file`);
  const input = file === '-' ? process.stdin : fs.createReadStream(file);
  let n = 0;
  for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
    n++;
    if (!line.trim()) continue;
    let parsed: z.output<typeof batchLine>;
    try {
      parsed = batchLine.parse(JSON.parse(line));
    } catch {
      process.stdout.write(`${JSON.stringify({ line: n, error: 'expected a JSON object {"id","query"}' })}\n`);
      continue;
    }
    const results = await run(parsed.query);
    process.stdout.write(`${JSON.stringify({ id: parsed.id, results: results.map(toJson) })}\n`);
  }
}

function toJson(p: Passage) {
  return { source: p.source, title: p.title, heading: p.heading, url: p.url ?? null, score: p.score, text: p.text };
}

function formatResults(results: Passage[]): string {
  if (results.length === 0) return 'No matching passages.\n';
  return results
    .map((p, i) => {
      const where = [p.source, p.page !== undefined ? `page ${p.page}` : '', p.lines ? `lines ${p.lines[0]}-${p.lines[1]}` : '']
        .filter(Boolean)
        .join(', ');
      const snippet = p.text.replace(/\s+/g, ' ').slice(0, 240);
      return `${i + 1}. ${p.title}${p.heading ? ` › ${p.heading}` : ''}\n   ${where}${p.url ? `\n   ${p.url}` : ''}\n   ${snippet}${p.text.length > 240 ? '…' : ''}\n`;
    })
    .join('\n');
}

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 50) throw new InvalidArgumentError('expected a whole number from 1 to 50');
  return n;
}
