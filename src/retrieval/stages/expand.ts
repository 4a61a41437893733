import { dot, type Embedder, normalize } from '../embedders/types.js';
import type { RankingParams, SearchMode } from '../ranking.js';
import { Thesaurus } from '../thesaurus.js';
import { terms, words } from '../tokenize.js';

/** What expansion reads of the passage index: how many passages hold a term, its IDF, how many passages there are. */
export interface TermStats {
  df(term: string): number;
  idfOf(term: string): number;
  readonly size: number;
}

/** The query as search runs it, and as the passages' signals describe it. */
export interface ExpandedQuery {
  /** The asker's own terms, in order, repeats kept. */
  qTerms: string[];
  /** The weighted lexical query: the asker's terms (1), the handbook words added for them, their synonyms. */
  lexical: Map<string, number>;
  /** The query vector, shifted towards the added words and the synonyms (none in lexical mode). */
  qVec: Float32Array | undefined;
  /** Per own term, every synonym term found for it (no latency cap): the expandedCoverage signal. */
  synonymsOf: Map<string, Set<string>>;
  /** The added handbook words the corpus holds that are not the asker's own. */
  expansion: string[];
}

export interface ExpandContext {
  stats: TermStats;
  embedder: Embedder;
  mode: SearchMode;
  params: RankingParams;
}

/**
 * The asker's words, then the handbook words added for their everyday words (`added`, SearchOptions.expansion),
 * then, in hybrid mode, WordNet synonyms: each joins the lexical query below the asker's words and shifts the
 * query vector towards it.
 */
export async function expandQuery(query: string, added: string | undefined, ctx: ExpandContext): Promise<ExpandedQuery> {
  const { stats, embedder, mode, params: p } = ctx;
  const qTerms = terms(query);
  const own = new Map([...new Set(qTerms)].map((t) => [t, 1]));
  const q: ExpandedQuery = {
    qTerms,
    lexical: own,
    qVec: mode === 'lexical' ? undefined : await embedder.embedQuery(query),
    synonymsOf: new Map(),
    expansion: [...new Set(terms(added ?? ''))].filter((t) => !own.has(t) && stats.df(t) > 0),
  };
  if (q.expansion.length > 0) {
    q.lexical = new Map([...own, ...q.expansion.map((t) => [t, p.expansionWeight] as const)]);
    if (q.qVec && added) q.qVec = shifted(q.qVec, [[await embedder.embedQuery(added), p.expansionWeight]]);
  }
  if (mode === 'hybrid' && p.thesaurusWeight > 0) {
    const found = await synonyms(stats, embedder, query, own, q.qVec, p, q.synonymsOf);
    if (found.size > 0) {
      q.lexical = new Map([...found, ...q.lexical]);
      if (p.thesaurusVector > 0 && q.qVec) {
        const parts: [Float32Array, number][] = [];
        for (const [t, w] of found) parts.push([await embedder.embedQuery(t), p.thesaurusVector * w]);
        q.qVec = shifted(q.qVec, parts);
      }
    }
  }
  return q;
}

/** `base` plus each vector times its weight, back to unit length. */
export function shifted(base: Float32Array, parts: readonly (readonly [Float32Array, number])[]): Float32Array {
  const v = Float32Array.from(base);
  for (const [vector, weight] of parts) for (let c = 0; c < v.length; c++) v[c]! += weight * vector[c]!;
  return normalize(v);
}

/**
 * Stemmed index terms of WordNet synonyms of the query's words and two-word phrases, weighted by sense
 * frequency and below the asker's own words. Only terms the corpus holds are kept. `synonymsOf` receives,
 * per own term, all the synonym terms found for it (before the latency caps, after the cosine filter).
 */
export async function synonyms(
  stats: TermStats,
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
      const ts = terms(r.lemma).filter((t) => !own.has(t) && stats.df(t) > 0);
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
  const maxDf = Math.max(100, stats.size * p.thesaurusMaxShare); // small corpora: no cost to cap
  const kept = [...out.entries()]
    .filter(([t]) => stats.df(t) <= maxDf)
    .map(([t, w]) => [t, w * stats.idfOf(t)] as const)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, p.thesaurusMaxTerms);
  return new Map(kept.map(([t]) => [t, out.get(t)!]));
}
