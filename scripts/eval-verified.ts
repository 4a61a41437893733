// Paraphrase matching for verified answers (issue 14): share of paraphrases served the right verified answer
// (target >= 0.85) and share of unrelated questions served any (target <= 0.02).
// Pairs: scripts/eval/verified-pairs.jsonl (saved question, paraphrases in other words, a near question on the same
// subject that must NOT get it), split dev/test. Unrelated real questions: the MTRAG rewrites (people's questions on
// government and cloud pages), govt for dev and cloud for test, read from ../shared/corpora when present.
// Usage: npx tsx scripts/eval-verified.ts [--split dev|test] [--params '{"threshold":0.5}'] [--sweep] [--verbose]
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { currentVersionDir } from '../src/retrieval/index-files.js';
import { ingest } from '../src/retrieval/ingest.js';
import { type Background, readBackground } from '../src/verified/background.js';
import { DEFAULT_MATCHER, type MatcherParams, ParaphraseMatcher } from '../src/verified/matcher.js';
import { sharedCorpus } from './lib/bench-utils.js';

interface Pair {
  id: string;
  split: 'dev' | 'test';
  saved: string;
  paraphrases: string[];
  near: string[];
}

const args = process.argv.slice(2);
const arg = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const split = (arg('--split') ?? 'dev') as 'dev' | 'test';
const verbose = args.includes('--verbose');
const base: MatcherParams = { ...DEFAULT_MATCHER, ...(arg('--params') ? JSON.parse(arg('--params')!) : {}) };

const pairs = fs
  .readFileSync(path.join(import.meta.dirname, 'eval/verified-pairs.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Pair);
const mine = pairs.filter((p) => p.split === split);

function unrelatedQuestions(): string[] {
  const dir = sharedCorpus('mtrag-govt-cloud/retrieval_tasks');
  if (!dir) return [];
  const file = path.join(dir, split === 'dev' ? 'govt_rewrite.jsonl' : 'cloud_rewrite.jsonl');
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { text: string }).text.replace(/^\|user\|:\s*/, '').replace(/^"/, ''));
}
const unrelated = unrelatedQuestions();

// The offline LSA model Kiki would have fitted on the company's documents: here the Sourcegraph handbook, a real
// HR/IT handbook. --data-dir keeps the ingested index between runs; --no-vectors measures the words alone.
async function handbookBackground(): Promise<Background | undefined> {
  const corpus = sharedCorpus('sourcegraph-handbook/content');
  if (!corpus) return undefined;
  const dataDir = arg('--data-dir') ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kiki-verified-eval-'));
  const config = loadConfig({ KIKI_DATA_DIR: dataDir, KNOWLEDGE_DIR: corpus, LOG_LEVEL: 'silent' });
  if (!currentVersionDir(dataDir)) await ingest(config, {});
  return readBackground(config, !args.includes('--no-vectors'));
}
const background = await handbookBackground();
const embedder = background?.embedder;
const idf = args.includes('--no-idf') ? undefined : background?.idf;
const vectors = new Map<string, Float32Array>();
const vec = async (text: string) => {
  if (!embedder) return undefined;
  const v = vectors.get(text) ?? (await embedder.embedQuery(text));
  vectors.set(text, v);
  return v;
};
for (const p of pairs) for (const t of [p.saved, ...p.paraphrases, ...p.near]) await vec(t);
for (const t of unrelated) await vec(t);
const v = (text: string) => vectors.get(text);

function evaluate(p: MatcherParams) {
  // Every saved question of both splits is loaded: a paraphrase must find its own among all of them.
  const matcher = new ParaphraseMatcher(p, idf);
  for (const pair of pairs) matcher.add(pair.id, pair.saved, v(pair.saved));
  let hits = 0;
  let wrong = 0;
  let total = 0;
  const misses: string[] = [];
  for (const pair of mine) {
    for (const q of pair.paraphrases) {
      total++;
      const m = matcher.match(q, undefined, v(q));
      if (m?.id === pair.id) hits++;
      else {
        if (m) wrong++;
        misses.push(
          `${pair.id} ${m ? `WRONG ${m.id}` : 'miss'} ${(matcher.rank(q, undefined, v(q)).find((r) => r.id === pair.id)?.score ?? 0).toFixed(2)} ${q}`,
        );
      }
    }
  }
  // A near question is asked with only its own item's answer loaded: would it wrongly get that answer?
  let nearFalse = 0;
  let nearTotal = 0;
  const falses: string[] = [];
  for (const pair of mine) {
    const single = new ParaphraseMatcher(p, idf);
    single.add(pair.id, pair.saved, v(pair.saved));
    for (const q of pair.near) {
      nearTotal++;
      const m = single.match(q, undefined, v(q));
      if (m) {
        nearFalse++;
        falses.push(`near ${pair.id} ${m.score.toFixed(2)} ${q}`);
      }
    }
  }
  let unrelatedFalse = 0;
  for (const q of unrelated) {
    const m = matcher.match(q, undefined, v(q));
    if (m) {
      unrelatedFalse++;
      falses.push(`unrelated -> ${m.id} ${m.score.toFixed(2)} ${q}`);
    }
  }
  const negatives = nearTotal + unrelated.length;
  return {
    params: p,
    paraphrases: total,
    hitRate: hits / total,
    wrongAnswer: wrong / total,
    negatives,
    falseMatchRate: (nearFalse + unrelatedFalse) / Math.max(1, negatives),
    nearFalse: `${nearFalse}/${nearTotal}`,
    unrelatedFalse: `${unrelatedFalse}/${unrelated.length}`,
    misses,
    falses,
  };
}

if (args.includes('--sweep')) {
  if (split !== 'dev') throw new Error('sweep on the development split only');
  const grid = arg('--sweep') && !arg('--sweep')!.startsWith('--') ? JSON.parse(arg('--sweep')!) : {};
  const axes: Record<string, number[]> = { threshold: [0.35, 0.4, 0.45, 0.5, 0.55, 0.6], vectorWeight: [0, 0.3, 0.5, 0.7], ...grid };
  let combos: Record<string, number>[] = [{}];
  for (const [k, values] of Object.entries(axes)) combos = combos.flatMap((c) => values.map((x) => ({ ...c, [k]: x })));
  for (const c of combos) {
    const r = evaluate({ ...base, ...c });
    console.log(
      JSON.stringify({ ...c, hit: r.hitRate.toFixed(3), fm: r.falseMatchRate.toFixed(3), near: r.nearFalse, unrel: r.unrelatedFalse }),
    );
  }
} else {
  const r = evaluate(base);
  const { misses, falses, ...summary } = r;
  console.log(JSON.stringify({ split, ...summary }, null, 2));
  if (verbose) for (const line of [...misses, ...falses]) console.log(line);
}
