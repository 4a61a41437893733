// Answer quality on the Sourcegraph handbook, offline: share of answerable questions whose reply cites an
// expected file (scripts/eval/handbook-questions.jsonl), share of unanswerable ones answered "not found"
// (scripts/eval/unanswerable-questions.jsonl). `--sweep` also prints both shares for a grid of not-found
// thresholds (own-word coverage, expandedCoverage in its place, and the expandedCoverage clause), which is how
// DEFAULT_THRESHOLDS in src/assistant/evidence.ts was chosen.
// Usage: npx tsx scripts/eval-answers.ts [--sweep] [--verbose]
import fs from 'node:fs';
import path from 'node:path';
import { AnswerService } from '../src/assistant/answer.js';
import { type EvidenceThresholds, usablePassages } from '../src/assistant/evidence.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { ingest } from '../src/retrieval/ingest.js';
import { RetrievalService } from '../src/retrieval/service.js';
import { EVERYONE, type Passage } from '../src/retrieval/types.js';
import { printTable, sharedCorpus, tempDataDir } from './lib/bench-utils.js';

interface Question {
  id: string;
  query: string;
  expected?: string[];
}

const args = process.argv.slice(2);
const corpus = sharedCorpus('sourcegraph-handbook/content');
if (!corpus) process.exit(0);

const read = (file: string): Question[] =>
  fs
    .readFileSync(path.join(import.meta.dirname, 'eval', file), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Question);
const answerable = read('handbook-questions.jsonl');
const unanswerable = read('unanswerable-questions.jsonl');

const config = loadConfig({ KIKI_DATA_DIR: tempDataDir('kiki-eval-answers-'), KNOWLEDGE_DIR: corpus, LOG_LEVEL: 'silent' });
const logger = createLogger('silent');
const started = performance.now();
const summary = await ingest(config);
console.log(`ingested ${summary.files} files, ${summary.chunks} chunks in ${((performance.now() - started) / 1000).toFixed(1)} s`);
const retrieval = new RetrievalService(config, logger);

/** What a reply would cite with these thresholds (the offline answer cites the usable passages, in order). */
const cited = (found: Passage[], t: EvidenceThresholds) => usablePassages(found, t, 3).map((p) => p.source);
const shares = (results: { found: Passage[]; q: Question }[], nots: Passage[][], t: EvidenceThresholds) => {
  const hit = results.filter(({ found, q }) => cited(found, t).some((s) => q.expected?.includes(s))).length / results.length;
  const notFound = nots.filter((found) => cited(found, t).length === 0).length / nots.length;
  return { hit, notFound };
};

const found = await Promise.all(answerable.map(async (q) => ({ q, found: await retrieval.search(q.query, EVERYONE, { k: 6 }) })));
const foundNot = await Promise.all(unanswerable.map((q) => retrieval.search(q.query, EVERYONE, { k: 6 })));

if (args.includes('--sweep')) {
  const rows: (string | number)[][] = [];
  const row = (rule: string, t: EvidenceThresholds) => {
    const s = shares(found, foundNot, t);
    rows.push([
      rule,
      t.minCoverage,
      t.minBm25,
      t.fullCoverage,
      t.minExpandedCoverage ?? '',
      t.minExpandedBm25 ?? '',
      s.hit,
      s.notFound,
      s.hit + s.notFound,
    ]);
  };
  // The rule before expandedCoverage (own words only); each grid varies it.
  const base: EvidenceThresholds = { minCoverage: 0.4, minBm25: 10, fullCoverage: 0.75 };
  // Coverage of the asker's own words; then expandedCoverage (own words or their WordNet synonyms) in its place.
  for (const expanded of [false, true]) {
    for (const minCoverage of [0.3, 0.4, 0.5, 0.6]) {
      for (const minBm25 of [0, 6, 8, 10, 11, 12]) {
        row(expanded ? 'expanded' : 'own', { ...base, expanded, minCoverage, minBm25 });
      }
    }
    for (const fullCoverage of [0.5, 0.55, 0.6, 0.65, 1]) row(expanded ? 'expanded' : 'own', { ...base, expanded, fullCoverage });
  }
  // Own-word coverage plus a third clause: expandedCoverage ≥ x with BM25 (own words) ≥ y.
  for (const fullCoverage of [0.6, 0.75]) {
    for (const minExpandedCoverage of [0.75, 0.8, 1]) {
      for (const minExpandedBm25 of [0, 2, 4, 5, 8, 10])
        row('own + clause', { ...base, fullCoverage, minExpandedCoverage, minExpandedBm25 });
    }
  }
  printTable(
    'Not-found threshold sweep (offline, handbook)',
    [
      'rule',
      'minCoverage',
      'minBm25',
      'fullCoverage',
      'minExpandedCoverage',
      'minExpandedBm25',
      'answerable cite expected',
      'unanswerable not found',
      'sum',
    ],
    rows,
  );
}

// The real pipeline, end to end, with the shipped thresholds.
const service = new AnswerService({ retriever: retrieval, logger });
let hits = 0;
let answered = 0;
for (const q of answerable) {
  const a = await service.answer({ question: q.query, asker: EVERYONE });
  if (a.citations.length) answered++;
  const ok = a.citations.some((c) => q.expected?.includes(c.source));
  if (ok) hits++;
  if (args.includes('--verbose') && !ok)
    console.log(`miss ${q.id}: ${q.query} -> ${a.citations.map((c) => c.source).join(', ') || 'not found'}`);
}
let notFound = 0;
for (const q of unanswerable) {
  const a = await service.answer({ question: q.query, asker: EVERYONE });
  if (a.citations.length === 0) notFound++;
  else if (args.includes('--verbose')) console.log(`answered ${q.id}: ${q.query} -> ${a.citations.map((c) => c.source).join(', ')}`);
}
// Baseline in the same run: always answer from the top passage (no not-found rule at all).
const alwaysHit = found.filter(({ found: f, q }) => f.slice(0, 3).some((p) => q.expected?.includes(p.source))).length / answerable.length;

printTable(
  `Answer quality (offline, ${answerable.length} answerable + ${unanswerable.length} unanswerable handbook questions)`,
  ['measure', 'Kiki', 'baseline: always answer (top 3)', 'target'],
  [
    ['answerable: reply cites an expected file', hits / answerable.length, alwaysHit, '≥ 0.85'],
    ['answerable: answered at all', answered / answerable.length, 1, ''],
    ['unanswerable: answered "not found"', notFound / unanswerable.length, 0, '≥ 0.8'],
  ],
);
retrieval.close();
