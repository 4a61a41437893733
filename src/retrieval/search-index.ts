import path from 'node:path';
import hnswlib from 'hnswlib-node';
import { canSee } from './access.js';
import { type Chunk, indexText } from './chunker.js';
import { dot, type Embedder, normalize } from './embedders/types.js';
import { Bm25Index } from './lexical.js';
import { PassageFactory } from './passages.js';
import { Thesaurus } from './thesaurus.js';
import { terms, words } from './tokenize.js';
import type { Asker, DocumentSection, Passage, SearchOptions } from './types.js';

export const HNSW_PARAMS = { m: 24, efConstruction: 200 };

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

export type SearchMode = 'hybrid' | 'lexical' | 'vector';

export interface SearchIndexOptions {
  /** Hybrid by default; the evaluation also measures each side alone. */
  mode?: SearchMode;
}

interface Doc {
  source: string;
  members: number[];
}

/** Chunks, their vectors, the HNSW graph and the BM25 index of one index version, held in memory. */
export class SearchIndex {
  readonly bm25: Bm25Index;
  readonly params: RankingParams;
  private readonly masks = new Map<string, Uint8Array | null>();
  private readonly groups: { access: string[] | undefined; members: number[] }[] = [];
  private readonly docs: Doc[] = [];
  private readonly docBySource = new Map<string, number>();
  private readonly docOf: Int32Array;
  private documentIndex: Bm25Index | undefined;
  private readonly passages: PassageFactory;

  constructor(
    readonly chunks: Chunk[],
    readonly vectors: Float32Array,
    readonly dimension: number,
    readonly hnsw: hnswlib.HierarchicalNSW,
    readonly embedder: Embedder,
    params: Partial<RankingParams> = {},
  ) {
    this.params = { ...DEFAULT_RANKING, ...params };
    this.bm25 = new Bm25Index(chunks.map((c) => terms(indexText(c))));
    this.docOf = new Int32Array(chunks.length);
    const docBySource = this.docBySource;
    chunks.forEach((c, i) => {
      let d = docBySource.get(c.source);
      if (d === undefined) {
        d = this.docs.length;
        docBySource.set(c.source, d);
        this.docs.push({ source: c.source, members: [] });
      }
      this.docs[d]!.members.push(i);
      this.docOf[i] = d;
    });
    if (this.params.documentWeight > 0) this.documents();
    this.passages = new PassageFactory(chunks, vectors, dimension, this.bm25, this.docs, this.docOf);
    const byKey = new Map<string, number>();
    chunks.forEach((c, i) => {
      const key = c.access
        ? c.access
            .map((a) => a.toLowerCase())
            .sort()
            .join(',')
        : '*';
      let g = byKey.get(key);
      if (g === undefined) {
        g = this.groups.length;
        byKey.set(key, g);
        this.groups.push({ access: c.access, members: [] });
      }
      this.groups[g]!.members.push(i);
    });
  }

  static buildHnsw(vectors: Float32Array, count: number, dimension: number): hnswlib.HierarchicalNSW {
    const index = new hnswlib.HierarchicalNSW('cosine', Math.max(dimension, 1));
    index.initIndex({ maxElements: Math.max(count, 1), m: HNSW_PARAMS.m, efConstruction: HNSW_PARAMS.efConstruction, randomSeed: 42 });
    for (let i = 0; i < count; i++) index.addPoint(Array.from(vectors.subarray(i * dimension, (i + 1) * dimension)), i);
    return index;
  }

  static loadHnsw(dir: string, dimension: number): hnswlib.HierarchicalNSW {
    const index = new hnswlib.HierarchicalNSW('cosine', Math.max(dimension, 1));
    index.readIndexSync(path.join(dir, 'hnsw.bin'));
    return index;
  }

  /**
   * Chunks the asker may see, as a mask over chunk numbers; null when they may see everything. Both
   * indexes filter with it while they rank, so a restricted chunk never becomes a candidate.
   */
  allowedFor(asker: Asker): Uint8Array | null {
    // A guest from another organisation sees less than an insider without a department: never the same entry.
    const key = asker.external ? '#external' : asker.isAdmin ? '#admin' : (asker.department ?? '').toLowerCase();
    const cached = this.masks.get(key);
    if (cached !== undefined) return cached;
    let mask: Uint8Array | null = null;
    if (!this.groups.every((g) => canSee(asker, g.access))) {
      mask = new Uint8Array(this.chunks.length);
      for (const g of this.groups) if (canSee(asker, g.access)) for (const i of g.members) mask[i] = 1;
    }
    if (this.masks.size > 256) this.masks.clear();
    this.masks.set(key, mask);
    return mask;
  }

  vectorSearch(query: Float32Array, limit: number, mask: Uint8Array | null, ef = 400): { id: number; cosine: number }[] {
    const n = this.hnsw.getCurrentCount();
    if (n === 0) return [];
    this.hnsw.setEf(Math.max(ef, limit));
    const k = Math.min(limit, mask ? countOnes(mask) : n);
    if (k === 0) return [];
    const result = this.hnsw.searchKnn(Array.from(query), k, mask ? (label: number) => mask[label] === 1 : undefined);
    return result.neighbors.map((id, i) => ({ id, cosine: 1 - result.distances[i]! }));
  }

  /** Exact cosine scan: the baseline the benchmark compares HNSW with. */
  exactSearch(query: Float32Array, limit: number, mask: Uint8Array | null = null): { id: number; cosine: number }[] {
    const best: { id: number; cosine: number }[] = [];
    for (let i = 0; i < this.chunks.length; i++) {
      if (mask && !mask[i]) continue;
      const c = dot(query, this.vectors, i * this.dimension);
      if (best.length < limit || c > best[best.length - 1]!.cosine) {
        let j = Math.min(best.length, limit - 1);
        best[j] = { id: i, cosine: c };
        while (j > 0 && best[j - 1]!.cosine < c) {
          best[j] = best[j - 1]!;
          best[j - 1] = { id: i, cosine: c };
          j--;
        }
      }
    }
    return best;
  }

  private documents(): Bm25Index {
    this.documentIndex ??= new Bm25Index(
      this.docs.map((d) => d.members.flatMap((i) => terms(i === d.members[0] ? indexText(this.chunks[i]!) : this.chunks[i]!.text))),
    );
    return this.documentIndex;
  }

  /** Documents the asker may see, derived from the chunk mask (every chunk of a document shares its access). */
  private documentMask(mask: Uint8Array | null): Uint8Array | undefined {
    if (!mask) return undefined;
    const out = new Uint8Array(this.docs.length);
    this.docs.forEach((d, i) => {
      out[i] = mask[d.members[0]!]!;
    });
    return out;
  }

  /** Every section of the document at `source`, if the asker may see it; empty otherwise. */
  sections(source: string, asker: Asker): DocumentSection[] {
    const d = this.docBySource.get(source);
    if (d === undefined) return [];
    const mask = this.allowedFor(asker);
    if (mask && !mask[this.docs[d]!.members[0]!]) return [];
    return this.passages.documentSections(d);
  }

  async search(
    query: string,
    asker: Asker,
    options: SearchOptions & SearchIndexOptions & { params?: Partial<RankingParams> } = {},
  ): Promise<Passage[]> {
    const k = Math.max(1, Math.min(options.k ?? 5, 50));
    const mode = options.mode ?? 'hybrid';
    const p = options.params ? { ...this.params, ...options.params } : this.params;
    const qTerms = terms(query);
    const mask = this.allowedFor(asker);
    let qVec = mode === 'lexical' ? undefined : await this.embedder.embedQuery(query);
    const qWeights = new Map([...new Set(qTerms)].map((t) => [t, 1]));
    const expansion = [...new Set(terms(options.expansion ?? ''))].filter((t) => !qWeights.has(t) && this.bm25.df(t) > 0);
    let lexicalQuery = qWeights;
    if (expansion.length > 0) {
      lexicalQuery = new Map([...qWeights, ...expansion.map((t) => [t, p.expansionWeight] as const)]);
      if (qVec && options.expansion) {
        const ev = await this.embedder.embedQuery(options.expansion);
        const v = Float32Array.from(qVec);
        for (let c = 0; c < v.length; c++) v[c]! += p.expansionWeight * ev[c]!;
        qVec = normalize(v);
      }
    }
    /** Per own term, every synonym term found for it (no latency cap): the expandedCoverage signal. */
    const synonymsOf = new Map<string, Set<string>>();
    if (mode === 'hybrid' && p.thesaurusWeight > 0) {
      const synonyms = await this.synonyms(query, qWeights, qVec, p, synonymsOf);
      if (synonyms.size > 0) {
        lexicalQuery = new Map([...synonyms, ...lexicalQuery]);
        if (p.thesaurusVector > 0 && qVec) {
          const v = Float32Array.from(qVec);
          for (const [t, w] of synonyms) {
            const tv = await this.embedder.embedQuery(t);
            for (let c = 0; c < v.length; c++) v[c]! += p.thesaurusVector * w * tv[c]!;
          }
          qVec = normalize(v);
        }
      }
    }
    // An offline model that doesn't know the query's rarest words would rank noise: it votes less.
    const vecWeight = mode === 'vector' ? 1 : p.vectorWeight * (this.embedder.coverageOf?.(query) ?? 1);
    const lexWeight = mode === 'hybrid' ? p.lexicalWeight : 1;
    const vote = (fused: Map<number, number>, id: number, weight: number, rank: number) =>
      fused.set(id, (fused.get(id) ?? 0) + weight / (p.rrfK + rank + 1));

    const docVotes = new Map<number, number>();
    if (mode === 'hybrid' && qTerms.length > 0 && p.documentWeight > 0) {
      for (const [rank, h] of this.documents().search(qTerms, p.candidates, this.documentMask(mask)).entries()) {
        docVotes.set(h.id, (docVotes.get(h.id) ?? 0) + p.documentWeight / (p.rrfK + rank + 1));
      }
    }

    const fuse = (lexical: { id: number }[], vector: { id: number }[]): Map<number, number> => {
      const fused = new Map<number, number>();
      for (const [rank, h] of lexical.entries()) vote(fused, h.id, lexWeight, rank);
      for (const [rank, h] of vector.entries()) vote(fused, h.id, vecWeight, rank);
      if (docVotes.size > 0) {
        // A document that ranks well as a whole lifts its passages; if none is a candidate yet, its best one.
        const seen = new Set<number>();
        for (const id of fused.keys()) seen.add(this.docOf[id]!);
        for (const d of docVotes.keys()) {
          if (!seen.has(d)) {
            const best = this.bestPassage(this.docs[d]!.members, qTerms, mask);
            if (best >= 0) fused.set(best, 0);
          }
        }
        for (const [id, score] of fused) fused.set(id, score + (docVotes.get(this.docOf[id]!) ?? 0));
      }
      return fused;
    };

    const lexicalHits = (weights: Map<string, number>) =>
      mode === 'vector' ? [] : this.bm25.searchWeighted(weights, p.candidates, mask ?? undefined);
    const vectorHits = (v: Float32Array | undefined) => (v && qTerms.length > 0 ? this.vectorSearch(v, p.candidates, mask) : []);
    const ranked = rank(fuse(lexicalHits(lexicalQuery), vectorHits(qVec)));
    const picked: { id: number; score: number; shingles: Set<string> }[] = [];
    const perSource = new Map<string, number>();
    const held: { id: number; score: number; shingles: Set<string> }[] = [];
    for (const [id, score] of ranked) {
      if (picked.length >= k) break;
      if (mask && !mask[id]) continue; // defence in depth: never return what the asker may not see
      const shingles = shingleSet(this.chunks[id]!.text);
      if (picked.some((x) => jaccard(x.shingles, shingles) > 0.8)) continue;
      // Diversity: a further passage of the same document waits until other documents had their turn.
      const source = this.chunks[id]!.source;
      const n = perSource.get(source) ?? 0;
      if (n >= p.maxPerSource) {
        held.push({ id, score, shingles });
        continue;
      }
      perSource.set(source, n + 1);
      picked.push({ id, score, shingles });
    }
    for (const h of held) if (picked.length < k) picked.push(h);
    return picked.map(({ id, score }) => this.passages.build(id, score, { qTerms, qVec, synonymsOf, expansion }));
  }

  /**
   * Stemmed index terms of WordNet synonyms of the query's words and two-word phrases, weighted by sense
   * frequency and below the asker's own words. Only terms the corpus holds are kept. `synonymsOf` receives,
   * per own term, all the synonym terms found for it (before the latency caps, after the cosine filter).
   */
  private async synonyms(
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
        const ts = terms(r.lemma).filter((t) => !own.has(t) && this.bm25.df(t) > 0);
        for (const t of ts) {
          const w = (p.thesaurusWeight * r.strength) / ts.length;
          if (w > (out.get(t) ?? 0)) out.set(t, w);
          const sources = sourcesOf.get(t) ?? new Set<string>();
          for (const o of ownOfPhrase) sources.add(o);
          sourcesOf.set(t, sources);
        }
      }
    }
    if (p.thesaurusMinCosine > -1 && qVec && !this.embedder.stable) {
      for (const t of [...out.keys()]) if (dot(await this.embedder.embedQuery(t), qVec) < p.thesaurusMinCosine) out.delete(t);
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
    const maxDf = Math.max(100, this.bm25.size * p.thesaurusMaxShare); // small corpora: no cost to cap
    const kept = [...out.entries()]
      .filter(([t]) => this.bm25.df(t) <= maxDf)
      .map(([t, w]) => [t, w * this.bm25.idfOf(t)] as const)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, p.thesaurusMaxTerms);
    return new Map(kept.map(([t]) => [t, out.get(t)!]));
  }

  /** The passage of a document that matches the query best lexically (its first visible one when none does). */
  private bestPassage(members: number[], qTerms: string[], mask: Uint8Array | null): number {
    let best = -1;
    let bestScore = -1;
    for (const id of members) {
      if (mask && !mask[id]) continue;
      const s = this.bm25.score(qTerms, id);
      if (s > bestScore) {
        best = id;
        bestScore = s;
      }
    }
    return best;
  }
}

function rank(fused: Map<number, number>): [number, number][] {
  return [...fused.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
}

function countOnes(mask: Uint8Array): number {
  let n = 0;
  for (let i = 0; i < mask.length; i++) n += mask[i]!;
  return n;
}

/** Word 3-shingles: two passages sharing most of them are the same text (copied pages, overlaps). */
function shingleSet(text: string): Set<string> {
  const w = text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const out = new Set<string>();
  for (let i = 0; i + 3 <= w.length; i++) out.add(`${w[i]} ${w[i + 1]} ${w[i + 2]}`);
  if (out.size === 0) out.add(w.join(' '));
  return out;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  const [small, big] = a.size < b.size ? [a, b] : [b, a];
  for (const x of small) if (big.has(x)) inter++;
  return inter / (a.size + b.size - inter || 1);
}
