import { dot, type Embedder } from './embedders/types.js';
import type { Bm25Index } from './lexical.js';
import { Thesaurus } from './thesaurus.js';
import { terms, words } from './tokenize.js';

/** How the ranked lists are fused; the defaults are what measured best on the development question set. */
export interface RankingParams {
  /** Reciprocal rank fusion constant (Cormack et al. 2009). */
  rrfK: number;
  /** Candidates each list contributes. */
  candidates: number;
  lexicalWeight: number;
  vectorWeight: number;
  /** Weight of the document list ranked by BM25 over whole documents (0: off). */
  documentWeight: number;
  /** Passages of one document before other documents get their turn. */
  maxPerSource: number;
  /** WordNet synonyms of the asker's words join the lexical query with this weight (0: off). */
  thesaurusWeight: number;
  thesaurusSenses: number;
  thesaurusDerived: boolean;
  thesaurusHypernyms: boolean;
  /** Synonyms also shift the query vector, with this weight relative to the asker's words (0: off). */
  thesaurusVector: number;
  /** At most this many synonym terms, the strongest and rarest first. */
  thesaurusMaxTerms: number;
  /** Synonym terms found in more than this share of the passages are dropped. */
  thesaurusMaxShare: number;
  /** Keep only synonyms whose corpus (LSA) vector is at least this close to the query's (-1: keep all). */
  thesaurusMinCosine: number;
  /** Weight of the handbook words added for the asker's everyday words (SearchOptions.expansion). */
  expansionWeight: number;
}

export const DEFAULT_RANKING: RankingParams = {
  rrfK: 60,
  candidates: 50,
  lexicalWeight: 1,
  vectorWeight: 1,
  documentWeight: 1,
  maxPerSource: 1,
  thesaurusWeight: 0.5,
  thesaurusSenses: 3,
  thesaurusDerived: true,
  thesaurusHypernyms: false,
  thesaurusVector: 0.3,
  thesaurusMaxTerms: 40,
  thesaurusMaxShare: 0.2,
  thesaurusMinCosine: -1,
  expansionWeight: 0.7,
};

/**
 * Stemmed index terms of WordNet synonyms of the query's words and two-word phrases, weighted by sense
 * frequency and below the asker's own words. Only terms the corpus holds are kept. `synonymsOf` receives,
 * per own term, all the synonym terms found for it (before the latency caps, after the cosine filter).
 */
export async function synonyms(
  bm25: Bm25Index,
  embedder: Embedder,
  query: string,
  own: Map<string, number>,
  qVec: Float32Array | undefined,
  p: RankingParams,
  synonymsOf?: Map<string, Set<string>>,
): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const thesaurus = Thesaurus.open();
  if (!thesaurus) return out;
  const ws = words(query);
  const phrases = [...ws.slice(1).map((w, i) => `${ws[i]} ${w}`), ...ws.filter((w) => terms(w).length > 0)];
  const sourcesOf = new Map<string, Set<string>>(); // synonym term -> the own terms it stands for
  for (const phrase of phrases) {
    const ownOfPhrase = terms(phrase).filter((t) => own.has(t));
    for (const r of thesaurus.related(phrase, {
      senses: p.thesaurusSenses,
      derived: p.thesaurusDerived,
      hypernyms: p.thesaurusHypernyms,
    })) {
      const ts = terms(r.lemma).filter((t) => !own.has(t) && bm25.df(t) > 0);
      for (const t of ts) {
        const w = (p.thesaurusWeight * r.strength) / ts.length;
        if (w > (out.get(t) ?? 0)) out.set(t, w);
        const sources = sourcesOf.get(t) ?? new Set<string>();
        for (const o of ownOfPhrase) sources.add(o);
        sourcesOf.set(t, sources);
      }
    }
  }
  if (p.thesaurusMinCosine > -1 && qVec && !embedder.stable) {
    for (const t of [...out.keys()]) if (dot(await embedder.embedQuery(t), qVec) < p.thesaurusMinCosine) out.delete(t);
  }
  if (synonymsOf) {
    for (const [t, sources] of sourcesOf) {
      if (!out.has(t)) continue;
      for (const o of sources) {
        const set = synonymsOf.get(o) ?? new Set<string>();
        set.add(t);
        synonymsOf.set(o, set);
      }
    }
  }
  // Latency: words in a large share of the passages say little and cost a long postings scan.
  const maxDf = Math.max(100, bm25.size * p.thesaurusMaxShare); // small corpora: no cost to cap
  const kept = [...out.entries()]
    .filter(([t]) => bm25.df(t) <= maxDf)
    .map(([t, w]) => [t, w * bm25.idfOf(t)] as const)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, p.thesaurusMaxTerms);
  return new Map(kept.map(([t]) => [t, out.get(t)!]));
}

export function rank(fused: Map<number, number>): [number, number][] {
  return [...fused.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
}

export function countOnes(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i]!;
  return n;
}

/** Word 3-shingles: two passages sharing most of them are the same text (copied pages, overlaps). */
export function shingleSet(text: string): Set<string> {
  const w = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const out = new Set<string>();
  for (let i = 0; i + 3 <= w.length; i++) out.add(`${w[i]} ${w[i + 1]} ${w[i + 2]}`);
  if (out.size === 0) out.add(w.join(' '));
  return out;
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  const [small, big] = a.size < b.size ? [a, b] : [b, a];
  for (const x of small) if (big.has(x)) inter++;
  return inter / (a.size + b.size - inter || 1);
}
