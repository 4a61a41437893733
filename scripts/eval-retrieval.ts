// Retrieval quality on the Sourcegraph handbook: hit@1, hit@5 and MRR@10 for lexical only, vector only and
// hybrid, for each offline embedder, against a MiniSearch BM25 baseline on the same chunks, in one run.
// Two question sets by default: the development set the ranking was tuned on (handbook-dev-questions.jsonl) and
// the held-out test set (handbook-questions.jsonl), never tuned on.
// Usage: npx tsx scripts/eval-retrieval.ts [--questions FILE] [--verbose]
import fs from 'node:fs';
import path from 'node:path';
import MiniSearch from 'minisearch';
import { loadConfig } from '../src/config.js';
import { indexText } from '../src/retrieval/chunker.js';
import type { OfflineKind } from '../src/retrieval/embedders/index.js';
import { ingest } from '../src/retrieval/ingest.js';
import type { SearchMode } from '../src/retrieval/search-index.js';
import { loadIndex } from '../src/retrieval/service.js';
import { EVERYONE } from '../src/retrieval/types.js';
import { printTable, sharedCorpus, tempDataDir } from './lib/bench-utils.js';

interface Question {
  id: string;
  query: string;
  expected: string[];
}

const args = process.argv.slice(2);
const questionFiles = args.includes('--questions')
  ? [args[args.indexOf('--questions') + 1]!]
  : ['eval/handbook-dev-questions.jsonl', 'eval/handbook-questions.jsonl'].map((f) => path.join(import.meta.dirname, f));
const verbose = args.includes('--verbose');
const corpus = sharedCorpus('sourcegraph-handbook/content');
if (!corpus) process.exit(0);

const sets = questionFiles.map((file) => ({
  file,
  questions: fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Question),
  rows: [] as (string | number)[][],
  baselineHit5: 0,
  bestHybrid: { name: '', hit5: 0 },
}));
let questions: Question[] = [];

function score(ranked: string[][]): { hit1: number; hit5: number; mrr: number } {
  let hit1 = 0;
  let hit5 = 0;
  let mrr = 0;
  ranked.forEach((sources, i) => {
    const expected = new Set(questions[i]!.expected);
    const rank = sources.findIndex((s) => expected.has(s));
    if (rank === 0) hit1++;
    if (rank >= 0 && rank < 5) hit5++;
    if (rank >= 0 && rank < 10) mrr += 1 / (rank + 1);
  });
  const n = ranked.length;
  return { hit1: hit1 / n, hit5: hit5 / n, mrr: mrr / n };
}

for (const kind of ['lsa', 'hash'] as OfflineKind[]) {
  const dataDir = tempDataDir('kiki-eval-');
  const config = loadConfig({ KIKI_DATA_DIR: dataDir, KNOWLEDGE_DIR: corpus, LOG_LEVEL: 'silent' });
  const summary = await ingest(config, { offline: kind });
  const index = loadIndex(config, summary.indexDir);
  for (const set of sets) {
    questions = set.questions;
    const rows = set.rows;
    if (kind === 'lsa') {
      // Baseline: MiniSearch's BM25 over exactly the same chunks (title, headings and text), its default tokenizer.
      const mini = new MiniSearch<{ id: number; text: string }>({ fields: ['text'], storeFields: [] });
      mini.addAll([...index.allChunks()].map((c, id) => ({ id, text: indexText(c) })));
      const ranked = questions.map((q) =>
        mini
          .search(q.query, { combineWith: 'OR' })
          .slice(0, 10)
          .map((r) => index.chunk(r.id as number).source),
      );
      const s = score(ranked);
      set.baselineHit5 = s.hit5;
      rows.push([`baseline: MiniSearch BM25 (${index.chunkCount} chunks)`, s.hit1, s.hit5, s.mrr, 1]);
      const lex = await run(index, 'lexical');
      rows.push(['Kiki lexical (BM25, stemmed)', lex.hit1, lex.hit5, lex.mrr, lex.hit5 / set.baselineHit5]);
    }
    for (const mode of ['vector', 'hybrid'] as SearchMode[]) {
      const s = await run(index, mode);
      const name = `Kiki ${mode} (${kind === 'lsa' ? 'LSA 256-d' : 'hashed n-grams 512-d'})`;
      rows.push([name, s.hit1, s.hit5, s.mrr, s.hit5 / set.baselineHit5]);
      if (mode === 'hybrid' && s.hit5 > set.bestHybrid.hit5) set.bestHybrid = { name, hit5: s.hit5 };
    }
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
}

async function run(index: ReturnType<typeof loadIndex>, mode: SearchMode) {
  const ranked: string[][] = [];
  for (const q of questions) {
    const results = await index.search(q.query, EVERYONE, { k: 10, mode });
    ranked.push(results.map((r) => r.source));
    if (verbose && mode === 'hybrid' && !q.expected.includes(results[0]?.source ?? '')) {
      console.log(
        `${q.id} ${q.query}\n  expected ${q.expected.join(', ')}\n  got ${results
          .slice(0, 5)
          .map((r) => r.source)
          .join(' | ')}`,
      );
    }
  }
  return score(ranked);
}

for (const set of sets) {
  printTable(
    `Retrieval quality on the Sourcegraph handbook (${set.questions.length} questions, ${path.basename(set.file)})`,
    ['ranking', 'hit@1', 'hit@5', 'MRR@10', 'ratio hit@5 vs baseline'],
    set.rows,
  );
  console.log(
    `\n${path.basename(set.file)}: best hybrid ${set.bestHybrid.name} hit@5 ${set.bestHybrid.hit5.toFixed(2)} (target ≥ 0.85), ${((set.bestHybrid.hit5 - set.baselineHit5) * 100).toFixed(1)} points above the baseline (target ≥ 5)`,
  );
}
