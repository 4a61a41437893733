// Throughput of an offline press sentiment report of 200 articles (`npm run bench -- sentiment`).
// Articles are built from real headlines (twitter-financial-news-en validation split, 15 per article) plus
// the French sample articles; the baseline is the `sentiment` npm package (AFINN) on the same texts.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { renderReportChart } from '../src/comms/render/chart.js';
import { buildCsv } from '../src/comms/render/csv.js';
import { SentimentService } from '../src/comms/service.js';
import type { SourceInput } from '../src/comms/types.js';
import { createLogger } from '../src/logger.js';
import { printTable, sharedCorpus } from './lib/bench-utils.js';
import { readTwitterFinancial } from './lib/twitter-financial.js';

const ARTICLES = 200;
const require = createRequire(import.meta.url);
const Sentiment = require('sentiment') as new () => { analyze(text: string): { score: number } };

const dir = sharedCorpus('sentiment/twitter-financial-news-en');
if (!dir) process.exit(0);
const headlines = readTwitterFinancial(dir, 'valid').map((r) => r.text.replace(/https?:\/\/\S+/g, '').trim());
const samples = path.resolve(import.meta.dirname, '../knowledge/comms/press-samples');
const french = fs
  .readdirSync(samples)
  .filter((f) => f.endsWith('.md'))
  .map((f) => fs.readFileSync(path.join(samples, f), 'utf8').replace(/^---[\s\S]*?---/, ''));

const texts: string[] = [];
for (let i = 0; i < ARTICLES; i++) {
  if (i % 10 === 9) texts.push(french[i % french.length] as string);
  else
    texts.push(
      `Headline ${i}\n\n${headlines.slice((i * 15) % (headlines.length - 15), ((i * 15) % (headlines.length - 15)) + 15).join('. ')}.`,
    );
}
const inputs: SourceInput[] = texts.map((text, i) => ({ kind: 'text', text, name: `article ${i}` }));
const service = new SentimentService({ brandTerms: ['Acme Pay'], allowPrivateUrls: false, logger: createLogger('silent') });

await service.run(inputs.slice(0, 10)); // warm-up: model file, stemmer, ICU segmenter
const runs: { read: number; chart: number; csv: number }[] = [];
for (let r = 0; r < 3; r++) {
  const t0 = performance.now();
  const report = await service.run(inputs);
  const t1 = performance.now();
  await renderReportChart(report);
  const t2 = performance.now();
  buildCsv(report);
  runs.push({ read: t1 - t0, chart: t2 - t1, csv: performance.now() - t2 });
}
const best = runs.sort((a, b) => a.read - b.read)[0] as (typeof runs)[number];
const afinn = new Sentiment();
const b0 = performance.now();
for (const t of texts) afinn.analyze(t);
const baselineMs = performance.now() - b0;

const kikiRate = ARTICLES / (best.read / 1000);
const totalRate = ARTICLES / ((best.read + best.chart + best.csv) / 1000);
const baseRate = ARTICLES / (baselineMs / 1000);
printTable(
  `Offline sentiment report of ${ARTICLES} articles (about ${Math.round(texts.reduce((s, t) => s + t.length, 0) / ARTICLES)} characters each), best of 3`,
  ['what', 'time (ms)', 'articles/s', 'ratio vs AFINN baseline'],
  [
    ['sentiment (AFINN) npm baseline: one score per article, no report', baselineMs.toFixed(0), baseRate.toFixed(0), '1.00'],
    [
      'Kiki: language, sentences, scores, quotes, brand, themes, report',
      best.read.toFixed(0),
      kikiRate.toFixed(0),
      (kikiRate / baseRate).toFixed(3),
    ],
    [
      'Kiki: the above + chart PNG + CSV',
      (best.read + best.chart + best.csv).toFixed(0),
      totalRate.toFixed(0),
      (totalRate / baseRate).toFixed(3),
    ],
  ],
);
