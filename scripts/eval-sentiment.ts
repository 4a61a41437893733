// Accuracy and macro-F1 of the offline press scorer, next to two npm baselines measured in the same run.
// English: validation split of ../shared/corpora/sentiment/twitter-financial-news-en (never used in training;
// "mixed" counts as neutral for this 3-class set). French: scripts/eval/french-press.jsonl, written by us.
// Run: npx tsx scripts/eval-sentiment.ts
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { analyzeOffline, prepareArticle } from '../src/comms/analyze.js';
import { printTable, sharedCorpus } from './lib/bench-utils.js';
import { scoreLabels } from './lib/metrics.js';
import { readTwitterFinancial } from './lib/twitter-financial.js';

const require = createRequire(import.meta.url);
const Sentiment = require('sentiment') as new () => { analyze(text: string): { score: number } };
const vader = require('vader-sentiment') as { SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } } };
const afinn = new Sentiment();
const LABELS = ['negative', 'positive', 'neutral'];

type Labeller = (text: string) => string;
const kiki: Labeller = (text) => {
  const { label } = analyzeOffline(prepareArticle({ source: 'eval', title: text, outlet: null, author: null, date: null, text: '' }), []);
  return label === 'mixed' ? 'neutral' : label;
};
const afinnBaseline: Labeller = (text) => {
  const s = afinn.analyze(text).score;
  return s > 0 ? 'positive' : s < 0 ? 'negative' : 'neutral';
};
// VADER's own recommended thresholds on the compound score.
const vaderBaseline: Labeller = (text) => {
  const c = vader.SentimentIntensityAnalyzer.polarity_scores(text).compound;
  return c >= 0.05 ? 'positive' : c <= -0.05 ? 'negative' : 'neutral';
};

function evaluate(title: string, rows: { text: string; label: string }[]): void {
  const gold = rows.map((r) => r.label);
  const systems: [string, Labeller][] = [
    ['sentiment (AFINN) baseline', afinnBaseline],
    ['vader-sentiment baseline', vaderBaseline],
    ['Kiki offline scorer', kiki],
  ];
  const results = systems.map(([name, label]) => ({
    name,
    ...scoreLabels(
      gold,
      rows.map((r) => label(r.text)),
      LABELS,
    ),
  }));
  const bestBaseline = Math.max(...results.slice(0, 2).map((r) => r.macroF1));
  printTable(
    `${title} (${rows.length} sentences)`,
    ['system', 'accuracy', 'macro-F1', 'F1 neg', 'F1 pos', 'F1 neu', 'macro-F1 vs better baseline'],
    results.map((r) => [
      r.name,
      r.accuracy.toFixed(3),
      r.macroF1.toFixed(3),
      (r.f1.negative ?? 0).toFixed(3),
      (r.f1.positive ?? 0).toFixed(3),
      (r.f1.neutral ?? 0).toFixed(3),
      `${r.macroF1 - bestBaseline >= 0 ? '+' : ''}${(r.macroF1 - bestBaseline).toFixed(3)}`,
    ]),
  );
}

const tfn = sharedCorpus('sentiment/twitter-financial-news-en');
if (tfn) evaluate('English: twitter-financial-news-en, validation split', readTwitterFinancial(tfn, 'valid'));

const frPath = path.join(import.meta.dirname, 'eval/french-press.jsonl');
const french = fs
  .readFileSync(frPath, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as { text: string; label: string });
evaluate('French: scripts/eval/french-press.jsonl (written by the Kiki team)', french);
