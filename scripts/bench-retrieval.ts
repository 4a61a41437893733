// Retrieval speed and scale: ingest throughput on the Sourcegraph handbook and on a synthetic corpus made by
// replicating it, then query latency at that size for hybrid search, HNSW and an exact brute-force scan
// (baseline, same run), HNSW recall@10 against the exact scan, and peak RSS.
// Usage: npm run bench -- retrieval            (100,000 chunks)
//        npx tsx scripts/bench-retrieval.ts --chunks 20000 [--keep]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { ingest } from '../src/retrieval/ingest.js';
import { HNSW_PARAMS } from '../src/retrieval/search-index.js';
import { loadIndex } from '../src/retrieval/service.js';
import { terms } from '../src/retrieval/tokenize.js';
import { EVERYONE } from '../src/retrieval/types.js';
import { peakRssMb, percentile, printTable, sharedCorpus, tempDataDir } from './lib/bench-utils.js';

const args = process.argv.slice(2);
const target = args.includes('--chunks') ? Number(args[args.indexOf('--chunks') + 1]) : 100_000;
const handbook = sharedCorpus('sourcegraph-handbook/content');
if (!handbook) process.exit(0);

const questions = fs
  .readFileSync(path.join(import.meta.dirname, 'eval/handbook-questions.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { query: string }).query);

if (args[0] === '--query-phase') {
  await queryPhase(args[1]!, args[2]!);
  process.exit(0);
}

const work = tempDataDir('kiki-bench-retrieval-');
const configFor = (knowledge: string, name: string) =>
  loadConfig({ KNOWLEDGE_DIR: knowledge, KIKI_DATA_DIR: path.join(work, name), LOG_LEVEL: 'silent' });

// 1. The handbook as it is.
const small = await ingest(configFor(handbook, 'handbook'));
const again = await ingest(configFor(handbook, 'handbook'));
const copies = Math.max(1, Math.ceil(target / small.chunks));

// 2. The replicated corpus: the files copied into N folders. Each copy tags its lines with a word of its own:
// exact duplicates would give HNSW clusters of identical vectors (neighbour lists full of copies), which no
// real corpus has.
const big = path.join(work, 'replicated-docs');
for (let i = 0; i < copies; i++) {
  const dest = path.join(big, `copy-${String(i).padStart(3, '0')}`);
  fs.cpSync(handbook, dest, { recursive: true });
  if (i === 0) continue;
  for (const file of fs.readdirSync(dest, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.md')) continue;
    const abs = path.join(dest, file);
    const tagged = fs
      .readFileSync(abs, 'utf8')
      .split('\n')
      .map((line) => (/^[A-Za-z*-]/.test(line) && !line.startsWith('---') ? `${line} replica${i}` : line))
      .join('\n');
    fs.writeFileSync(abs, tagged);
  }
}
let phase = '';
const phaseStart = performance.now();
const bigSummary = await ingest(configFor(big, 'replicated'), {
  onProgress: (p) => {
    if (p.phase === phase) return;
    phase = p.phase;
    console.error(`  ${((performance.now() - phaseStart) / 1000).toFixed(1)} s: ${phase} (${p.total})`);
  },
});
fs.rmSync(big, { recursive: true, force: true });

printTable(
  `Ingest throughput (offline LSA embedder, HNSW M=${HNSW_PARAMS.m} efConstruction=${HNSW_PARAMS.efConstruction})`,
  ['corpus', 'files', 'MB', 'chunks', 'seconds', 'MB/s', 'chunks/s', 'ratio chunks/s vs handbook'],
  [
    [
      'handbook (baseline)',
      small.files,
      small.bytes / 1e6,
      small.chunks,
      small.seconds,
      small.bytes / 1e6 / small.seconds,
      small.chunks / small.seconds,
      1,
    ],
    [
      'handbook, re-ingest unchanged',
      again.files,
      again.bytes / 1e6,
      again.chunks,
      again.seconds,
      again.bytes / 1e6 / again.seconds,
      again.chunks / again.seconds,
      again.chunks / again.seconds / (small.chunks / small.seconds),
    ],
    [
      `handbook × ${copies}`,
      bigSummary.files,
      bigSummary.bytes / 1e6,
      bigSummary.chunks,
      bigSummary.seconds,
      bigSummary.bytes / 1e6 / bigSummary.seconds,
      bigSummary.chunks / bigSummary.seconds,
      bigSummary.chunks / bigSummary.seconds / (small.chunks / small.seconds),
    ],
  ],
);

// 3. Queries at scale, in a fresh process: its peak RSS is what a bot serving this index needs.
const ingestRss = peakRssMb();
const child = spawnSync(
  process.execPath,
  ['--import', 'tsx', import.meta.filename, '--query-phase', path.join(work, 'replicated'), bigSummary.indexDir],
  {
    stdio: 'inherit',
  },
);
printTable('Memory', ['process', 'peak RSS MB', 'target'], [['ingest of all corpora above (one process)', ingestRss, '–']]);
// --keep leaves the replicated index for `kiki search` by hand (KIKI_DATA_DIR=<printed folder>/replicated).
if (args.includes('--keep')) console.log(`\nkept: ${work}`);
else fs.rmSync(work, { recursive: true, force: true });
process.exit(child.status ?? 1);

async function queryPhase(dataDir: string, indexDir: string): Promise<void> {
  // 3. Queries at scale.
  const loadStart = performance.now();
  const index = loadIndex(loadConfig({ KIKI_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), indexDir);
  const loadSeconds = (performance.now() - loadStart) / 1000;
  const openRss = process.memoryUsage().rss / 1e6;
  const firstStart = performance.now();
  await index.search(questions[0]!, EVERYONE, { k: 5 });
  const firstQuerySeconds = (performance.now() - firstStart) / 1000;
  const queries = Array.from({ length: 200 }, (_, i) => questions[i % questions.length]!);
  const vectors = await Promise.all(queries.map((q) => index.embedder.embedQuery(q)));

  const time = async (fn: (i: number) => unknown | Promise<unknown>) => {
    for (let i = 0; i < 10; i++) await fn(i); // warm-up
    const ms: number[] = [];
    for (let i = 0; i < queries.length; i++) {
      const t = performance.now();
      await fn(i);
      ms.push(performance.now() - t);
    }
    return { p50: percentile(ms, 50), p95: percentile(ms, 95) };
  };
  // The exact scan reads every vector: at 1M chunks a query costs seconds, so it and the recall use fewer queries.
  const exactCount = index.chunkCount > 200_000 ? 40 : queries.length;
  const truths: { id: number; cosine: number }[][] = [];
  const exactMs: number[] = [];
  for (let i = 0; i < exactCount; i++) {
    const t = performance.now();
    truths.push(index.exactSearch(vectors[i]!, 10));
    exactMs.push(performance.now() - t);
  }
  const exact = { p50: percentile(exactMs, 50), p95: percentile(exactMs, 95) };
  const queryTerms = queries.map((q) => terms(q));
  const plainBm25 = await time((i) => index.bm25.search(queryTerms[i]!, 10));
  const hnsw = await time((i) => index.vectorSearch(vectors[i]!, 10, null, 96));
  const hybrid = await time((i) => index.search(queries[i]!, EVERYONE, { k: 5 }));
  const outsider = await time((i) => index.search(queries[i]!, { isAdmin: false, department: 'Engineering' }, { k: 5 }));
  const noSynonyms = await time((i) => index.search(queries[i]!, EVERYONE, { k: 5, params: { thesaurusWeight: 0 } }));
  const plain = await time((i) =>
    index.search(queries[i]!, EVERYONE, { k: 5, params: { thesaurusWeight: 0, documentWeight: 0, maxPerSource: 2 } }),
  );

  // Recall@10 with ties: replicas have identical vectors, so an HNSW hit counts when it is at least as close
  // as the exact 10th neighbour.
  const recallAt = (ef: number) => {
    let byId = 0;
    let byDistance = 0;
    for (const [i, truth] of truths.entries()) {
      const v = vectors[i]!;
      const ids = new Set(truth.map((t) => t.id));
      const tenth = truth[truth.length - 1]!.cosine - 1e-3;
      const hits = index.vectorSearch(v, 10, null, ef);
      byId += hits.filter((h) => ids.has(h.id)).length;
      byDistance += hits.filter((h) => h.cosine >= tenth).length;
    }
    return [byId / (truths.length * 10), byDistance / (truths.length * 10)];
  };
  const [recall96, near96] = recallAt(96);
  // 400 is the default: at 100k near-duplicate chunks, 96 misses too many true neighbours and 400 still costs < 1 ms.
  const [recall400, near400] = recallAt(400);
  const hnsw400 = await time((i) => index.vectorSearch(vectors[i]!, 10, null, 400));

  printTable(
    `Query latency at ${index.chunkCount} chunks (${queries.length} queries, ${index.dimension}-d vectors)`,
    ['search', 'p50 ms', 'p95 ms', 'ratio p95 vs exact scan'],
    [
      [`exact brute-force cosine scan (baseline; ${exactCount} queries)`, exact.p50, exact.p95, 1],
      ['plain BM25 over the query terms, top 10 (baseline)', plainBm25.p50, plainBm25.p95, plainBm25.p95 / exact.p95],
      ['HNSW (ef=96)', hnsw.p50, hnsw.p95, hnsw.p95 / exact.p95],
      ['HNSW (ef=400, the default)', hnsw400.p50, hnsw400.p95, hnsw400.p95 / exact.p95],
      ['hybrid: BM25 + HNSW + fusion + signals', hybrid.p50, hybrid.p95, hybrid.p95 / exact.p95],
      ['hybrid, asker with a department', outsider.p50, outsider.p95, outsider.p95 / exact.p95],
      ['hybrid without WordNet synonyms', noSynonyms.p50, noSynonyms.p95, noSynonyms.p95 / exact.p95],
      ['hybrid without synonyms nor document vote (before tuning)', plain.p50, plain.p95, plain.p95 / exact.p95],
    ],
  );
  printTable(
    'Scale',
    ['measure', 'value', 'target'],
    [
      [
        `HNSW recall@10 vs exact scan, same ids (ef=96 / ef=400; ${exactCount} queries)`,
        `${recall96!.toFixed(3)} / ${recall400!.toFixed(3)}`,
        '≥ 0.95',
      ],
      [
        'HNSW recall@10, hits within 0.001 cosine of the exact 10th (ef=96 / ef=400)',
        `${near96!.toFixed(3)} / ${near400!.toFixed(3)}`,
        '≥ 0.95',
      ],
      ['index open seconds', loadSeconds, '< 1 at 100k, < 5 at 1M'],
      ['first hybrid query after open, seconds (WordNet read included)', firstQuerySeconds, '–'],
      ['RSS MB right after open', openRss, '–'],
      ['peak RSS MB of the serving process (open + queries)', peakRssMb(), '< 2560 at 1M'],
    ],
  );
}
