import path from 'node:path';
import hnswlib from 'hnswlib-node';
import { canSee } from './access.js';
import { type Chunk, indexText } from './chunker.js';
import { dot, type Embedder, normalize } from './embedders/types.js';
import { Bm25Index } from './lexical.js';
import { Thesaurus } from './thesaurus.js';
import { coverage, terms, words } from './tokenize.js';
import type { Asker, Passage, SearchOptions } from './types.js';

export const HNSW_PARAMS = { m: 24, efConstruction: 200 };

/** How the ranked lists are fused; the defaults are what measured best on the development question set. */
export interface RankingParams {
  /** Reciprocal rank fusion constant (Cormack et al. 2009). */
  rrfK: number;
  /** Candidates each list contributes. */
  candidates: number;
  lexicalWeight: number;
  vectorWeight: number;
  /** Weight of the document list ranked by title, file path and headings (0: off). */
  fieldWeight: number;
  /** Weight of the document list ranked by BM25 over whole documents (0: off). */
  documentWeight: number;
  /** Pseudo-relevance feedback: expansion terms taken from the first pass's top passages (0: off). */
  feedbackTerms: number;
  feedbackPassages: number;
  /** Weight of an expansion term relative to the asker's own words (the best one gets this much). */
  feedbackWeight: number;
  /** Rocchio step of the query vector towards the first pass's top passages (0: off). */
  vectorFeedback: number;
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
  fieldWeight: 0, // measured worse: titles and paths over-rank index pages
  documentWeight: 1,
  feedbackTerms: 0, // RM3 measured neutral to worse on the development set
  feedbackPassages: 5,
  feedbackWeight: 0.3,
  vectorFeedback: 0,
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

/** The words of a document's title, file path and headings: its "fields" in the BM25F sense. */
function fieldText(chunks: Chunk[], members: number[]): string {
  const first = chunks[members[0]!]!;
  const headings = new Set<string>();
  for (const i of members) for (const h of chunks[i]!.headingPath) headings.add(h);
  const pathWords = first.source.replace(/\.[a-z0-9]+$/i, '').replace(/[/_\-.]+/g, ' ');
  return `${first.title}\n${pathWords}\n${[...headings].join('\n')}`;
}

/** Chunks, their vectors, the HNSW graph and the BM25 index of one index version, held in memory. */
export class SearchIndex {
  readonly bm25: Bm25Index;
  readonly params: RankingParams;
  private readonly masks = new Map<string, Uint8Array | null>();
  private readonly groups: { access: string[] | undefined; members: number[] }[] = [];
  private readonly docs: Doc[] = [];
  private readonly docOf: Int32Array;
  private fieldIndex: Bm25Index | undefined;
  private documentIndex: Bm25Index | undefined;
  private readonly docTermCache = new Map<number, Set<string>>();

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
    const docBySource = new Map<string, number>();
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
    if (this.params.fieldWeight > 0) this.fields();
    if (this.params.documentWeight > 0) this.documents();
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
    const key = asker.isAdmin ? '#admin' : (asker.department ?? '').toLowerCase();
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

  private fields(): Bm25Index {
    this.fieldIndex ??= new Bm25Index(this.docs.map((d) => terms(fieldText(this.chunks, d.members))));
    return this.fieldIndex;
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
    if (mode === 'hybrid' && qTerms.length > 0 && (p.fieldWeight > 0 || p.documentWeight > 0)) {
      const docMask = this.documentMask(mask);
      const lists: [Bm25Index, number][] = [];
      if (p.fieldWeight > 0) lists.push([this.fields(), p.fieldWeight]);
      if (p.documentWeight > 0) lists.push([this.documents(), p.documentWeight]);
      for (const [index, weight] of lists) {
        index.search(qTerms, p.candidates, docMask).forEach((h, rank) => {
          docVotes.set(h.id, (docVotes.get(h.id) ?? 0) + weight / (p.rrfK + rank + 1));
        });
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
    let lexical = lexicalHits(lexicalQuery);
    let vector = vectorHits(qVec);
    let fused = fuse(lexical, vector);
    if (mode === 'hybrid' && qTerms.length > 0 && (p.feedbackTerms > 0 || p.vectorFeedback > 0)) {
      const top = rank(fused).slice(0, p.feedbackPassages);
      if (p.feedbackTerms > 0) {
        const expanded = this.expand(lexicalQuery, top, p);
        if (expanded.size > lexicalQuery.size) lexical = lexicalHits(expanded);
      }
      if (p.vectorFeedback > 0 && qVec) {
        const v = Float32Array.from(qVec);
        for (const [id] of top) {
          const base = id * this.dimension;
          for (let c = 0; c < this.dimension; c++) v[c]! += (p.vectorFeedback / top.length) * this.vectors[base + c]!;
        }
        vector = vectorHits(normalize(v));
      }
      fused = fuse(lexical, vector);
    }

    const ranked = rank(fused);
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
    return picked.map(({ id, score }) => this.passage(id, score, qTerms, qVec, synonymsOf, expansion));
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

  /**
   * Relevance-model expansion (RM3, Lavrenko & Croft 2001, simplified): terms frequent in the first pass's
   * top passages and rare in the corpus join the query, weighted below the asker's own words.
   */
  private expand(query: Map<string, number>, top: [number, number][], p: RankingParams): Map<string, number> {
    const total = top.reduce((s, [, score]) => s + score, 0) || 1;
    const weights = new Map<string, number>();
    for (const [id, score] of top) {
      const ts = terms(indexText(this.chunks[id]!));
      if (ts.length === 0) continue;
      const counts = new Map<string, number>();
      for (const t of ts) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const [t, c] of counts) {
        if (query.has(t) || this.bm25.df(t) < 2) continue;
        weights.set(t, (weights.get(t) ?? 0) + (score / total) * (c / ts.length) * this.bm25.idfOf(t));
      }
    }
    const chosen = [...weights.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, p.feedbackTerms);
    const out = new Map(query);
    const max = chosen[0]?.[1] ?? 1;
    for (const [t, w] of chosen) out.set(t, (p.feedbackWeight * w) / max);
    return out;
  }

  private passage(
    id: number,
    score: number,
    qTerms: string[],
    qVec: Float32Array | undefined,
    synonymsOf: Map<string, Set<string>> = new Map(),
    expansion: string[] = [],
  ): Passage {
    const c = this.chunks[id]!;
    const ownTerms = new Set(terms(indexText(c)));
    const heading = new Set(terms(`${c.title} ${c.headingPath.join(' ')}`));
    const docTerms = this.documentTerms(this.docOf[id]!);
    return {
      id: c.id,
      source: c.source,
      title: c.title,
      heading: c.headingPath.join(' › '),
      headingPath: c.headingPath,
      ...(c.url ? { url: c.url } : {}),
      ...(c.owner ? { owner: c.owner } : {}),
      ...(c.updated ? { updated: c.updated } : {}),
      ...(c.page !== undefined ? { page: c.page } : {}),
      ...(c.lines ? { lines: c.lines } : {}),
      ...(c.access ? { access: c.access } : {}),
      text: c.text,
      section: this.sectionText(id),
      score,
      signals: {
        ...(qVec ? { cosine: Math.max(-1, Math.min(1, dot(qVec, this.vectors, id * this.dimension))) } : {}),
        bm25: this.bm25.score(qTerms, id),
        coverage: coverage(qTerms, ownTerms),
        expandedCoverage: coverage(qTerms, ownTerms, synonymsOf),
        idfCoverage: this.weightedCoverage(qTerms, ownTerms),
        expandedIdfCoverage: this.weightedCoverage(qTerms, ownTerms, synonymsOf),
        titleCoverage: coverage(qTerms, heading),
        documentCoverage: this.weightedCoverage(qTerms, docTerms),
        unknownShare: qTerms.length ? new Set(qTerms.filter((t) => this.bm25.df(t) === 0)).size / new Set(qTerms).size : 0,
        bm25Share: this.bm25.score(qTerms, id) / (this.idfMass(qTerms) || 1),
        expansionCoverage: expansion.length ? coverage(expansion, ownTerms) : 0,
        missingRarest: this.missingRarest(qTerms, ownTerms),
      },
    };
  }

  /** The IDF of the rarest query term the passage lacks, over the highest IDF possible (0: it lacks none). */
  private missingRarest(qTerms: string[], have: Set<string>): number {
    let worst = 0;
    for (const t of new Set(qTerms)) if (!have.has(t)) worst = Math.max(worst, this.weightOf(t));
    return worst / Math.log(1 + this.bm25.size);
  }

  /** IDF of a query term; a word the corpus never uses weighs as much as the rarest one it does. */
  private weightOf(t: string): number {
    return this.bm25.df(t) > 0 ? this.bm25.idfOf(t) : Math.log(1 + this.bm25.size);
  }

  private idfMass(qTerms: string[]): number {
    let total = 0;
    for (const t of new Set(qTerms)) total += this.weightOf(t);
    return total;
  }

  /** Share of the query's IDF mass the terms hold; a term met only through a synonym counts 0.7. */
  private weightedCoverage(qTerms: string[], have: Set<string>, synonymsOf?: ReadonlyMap<string, ReadonlySet<string>>): number {
    let total = 0;
    let hit = 0;
    for (const t of new Set(qTerms)) {
      const w = this.weightOf(t);
      total += w;
      if (have.has(t)) hit += w;
      else if (synonymsOf && [...(synonymsOf.get(t) ?? [])].some((x) => have.has(x))) hit += 0.7 * w;
    }
    return total ? hit / total : 0;
  }

  /**
   * The whole section the chunk belongs to (the chunks of its document under the same headings), without the
   * overlap the chunker repeats at the start of each chunk: a procedure split over two chunks is quoted whole.
   */
  private sectionText(id: number, maxChars = 6000): string {
    const c = this.chunks[id]!;
    const same = (j: number) =>
      j >= 0 &&
      j < this.chunks.length &&
      this.docOf[j] === this.docOf[id] &&
      this.chunks[j]!.headingPath.join('\u0000') === c.headingPath.join('\u0000');
    let first = id;
    while (same(first - 1) && id - first < 6) first--;
    let last = id;
    while (same(last + 1) && last - id < 6) last++;
    let text = this.chunks[first]!.text;
    for (let j = first + 1; j <= last; j++) {
      const next = this.chunks[j]!.text;
      const cut = next.indexOf('\n\n');
      const head = cut > 0 ? next.slice(0, cut).trim() : '';
      text += `\n\n${head && text.trimEnd().endsWith(head) ? next.slice(cut + 2) : next}`;
      if (text.length > maxChars) break;
    }
    return text;
  }

  /** Every term of a document (all its chunks), built on first use. */
  private documentTerms(doc: number): Set<string> {
    let set = this.docTermCache.get(doc);
    if (!set) {
      set = new Set(this.docs[doc]!.members.flatMap((i) => terms(indexText(this.chunks[i]!))));
      if (this.docTermCache.size > 2000) this.docTermCache.clear();
      this.docTermCache.set(doc, set);
    }
    return set;
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
