// Ranking experiments on the DEVELOPMENT question set only (the held-out set is scripts/eval/handbook-questions.jsonl,
// measured by eval-retrieval.ts): ingests the handbook once, then scores each variant of the ranking parameters.
// Usage: npx tsx scripts/tune-retrieval.ts [--questions FILE] [--variants JSON]
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { ingest } from '../src/retrieval/ingest.js';
import type { RankingParams, SearchIndex } from '../src/retrieval/search-index.js';
import { loadIndex } from '../src/retrieval/service.js';
import { EVERYONE } from '../src/retrieval/types.js';
import { printTable, sharedCorpus, tempDataDir } from './lib/bench-utils.js';

interface Question {
  id: string;
  query: string;
  expected: string[];
}

const args = process.argv.slice(2);
const at = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const questionsFile = at('--questions') ?? path.join(import.meta.dirname, 'eval/handbook-dev-questions.jsonl');
const corpus = sharedCorpus('sourcegraph-handbook/content');
if (!corpus) process.exit(0);
const questions: Question[] = fs
  .readFileSync(questionsFile, 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Question);

const variants: Record<string, Partial<RankingParams>> = at('--variants')
  ? (JSON.parse(at('--variants')!) as Record<string, Partial<RankingParams>>)
  : { default: {} };

const dataDir = tempDataDir('kiki-tune-');
const config = loadConfig({ KIKI_DATA_DIR: dataDir, KNOWLEDGE_DIR: corpus, LOG_LEVEL: 'silent' });
const summary = await ingest(config);
const loaded = loadIndex(config, summary.indexDir);
const rows: (string | number)[][] = [];
// (--lsa D, which refitted the embedder in memory, went with the in-memory index; ingest with another dimension instead.)
const indexes: [string, SearchIndex][] = [['', loaded]];
for (const [prefix, index] of indexes)
  for (const [variant, params] of Object.entries(variants)) {
    const name = prefix + variant;
    let hit1 = 0;
    let hit5 = 0;
    let mrr = 0;
    const misses: string[] = [];
    for (const q of questions) {
      const results = await index.search(q.query, EVERYONE, { k: 10, params });
      const r = results.findIndex((x) => q.expected.includes(x.source));
      if (r === 0) hit1++;
      if (r >= 0 && r < 5) hit5++;
      else misses.push(q.id);
      if (r >= 0) mrr += 1 / (r + 1);
    }
    const n = questions.length;
    rows.push([name, hit1 / n, hit5 / n, mrr / n, misses.join(' ')]);
  }
fs.rmSync(dataDir, { recursive: true, force: true });
printTable(
  `Ranking variants (${questions.length} questions, ${path.basename(questionsFile)})`,
  ['variant', 'hit@1', 'hit@5', 'MRR@10', 'misses@5'],
  rows,
);
