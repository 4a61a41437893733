import path from 'node:path';
import hnswlib from 'hnswlib-node';
import { LRUCache } from 'lru-cache';
import { canSee } from './access.js';
import type { ChunkStore } from './chunk-store.js';
import type { Chunk } from './chunker.js';
import { dot, type Embedder, normalize } from './embedders/types.js';
import { Bm25Index } from './lexical.js';
import { PassageFactory } from './passages.js';
import type { PostingSource } from './postings.js';
import { countOnes, DEFAULT_RANKING, synonyms as findSynonyms, jaccard, type RankingParams, rank, shingleSet } from './ranking.js';
import { terms } from './tokenize.js';
import type { Asker, DocumentSection, Passage, SearchOptions } from './types.js';
import type { VectorFile } from './vectors.js';

export { DEFAULT_RANKING, type RankingParams } from './ranking.js';

export const HNSW_PARAMS = { m: 24, efConstruction: 200 };

export type SearchMode = 'hybrid' | 'lexical' | 'vector';

export interface SearchIndexOptions {
  /** Hybrid by default; the evaluation also measures each side alone. */
  mode?: SearchMode;
}

/** The parts of one index version, each read lazily from its files (open-index.ts opens them). */
export interface IndexParts {
  store: ChunkStore;
  vectors: VectorFile;
  hnsw: hnswlib.HierarchicalNSW;
  embedder: Embedder;
  chunkPostings: PostingSource & { close?(): void };
  docPostings: PostingSource & { close?(): void };
}

/**
 * One index version: chunks and documents in SQLite, vectors and BM25 postings in flat files read on demand,
 * the HNSW graph in memory. What stays in memory besides the graph is a few bytes per chunk (BM25 lengths)
 * and per document (its first chunk and access group); everything else is read when a query touches it.
 */
export class SearchIndex {
  readonly bm25: Bm25Index;
  readonly params: RankingParams;
  readonly hnsw: hnswlib.HierarchicalNSW;
  readonly embedder: Embedder;
  private readonly store: ChunkStore;
  private readonly vectors: VectorFile;
  /** Per department (and admins, guests): `mask` null when they may see everything. */
  private readonly masks = new LRUCache<string, { mask: Uint8Array | null }>({ max: 256 });
  private readonly documentIndex: Bm25Index;
  private readonly passages: PassageFactory;

  constructor(
    private readonly parts: IndexParts,
    params: Partial<RankingParams> = {},
  ) {
    this.params = { ...DEFAULT_RANKING, ...params };
    this.store = parts.store;
    this.vectors = parts.vectors;
    this.hnsw = parts.hnsw;
    this.embedder = parts.embedder;
    this.bm25 = new Bm25Index(parts.chunkPostings);
    this.documentIndex = new Bm25Index(parts.docPostings);
    this.passages = new PassageFactory(this.store, this.vectors, this.bm25);
  }

  get chunkCount(): number {
    return this.store.count;
  }

  get dimension(): number {
    return this.vectors.dimension;
  }

  chunk(n: number): Chunk {
    return this.store.chunk(n);
  }

  /** Every chunk in order, read a page at a time (evaluations and tests). */
  allChunks(): Generator<Chunk> {
    return this.store.all();
  }

  static createHnsw(count: number, dimension: number): hnswlib.HierarchicalNSW {
    const index = new hnswlib.HierarchicalNSW('cosine', Math.max(dimension, 1));
    index.initIndex({ maxElements: Math.max(count, 1), m: HNSW_PARAMS.m, efConstruction: HNSW_PARAMS.efConstruction, randomSeed: 42 });
    return index;
  }

  /** Releases a graph's native memory now rather than whenever the garbage collector gets to its wrapper. */
  static freeHnsw(index: hnswlib.HierarchicalNSW): void {
    index.initIndex({ maxElements: 1, m: HNSW_PARAMS.m, efConstruction: HNSW_PARAMS.efConstruction });
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
    if (cached) return cached.mask;
    let mask: Uint8Array | null = null;
    const visible = this.store.groups.map((access) => canSee(asker, access));
    if (!visible.every(Boolean)) {
      mask = new Uint8Array(this.store.count);
      const { docFirst, docGroup } = this.store;
      for (let d = 0; d < this.store.docCount; d++) if (visible[docGroup[d]!]) mask.fill(1, docFirst[d]!, docFirst[d + 1]!);
    }
    this.masks.set(key, { mask });
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

  /** Exact cosine scan, reading the vectors in blocks: the baseline the benchmark compares HNSW with. */
  exactSearch(query: Float32Array, limit: number, mask: Uint8Array | null = null): { id: number; cosine: number }[] {
    const best: { id: number; cosine: number }[] = [];
    const d = this.vectors.dimension;
    const blockSize = 4096;
    for (let first = 0; first < this.store.count; first += blockSize) {
      const count = Math.min(blockSize, this.store.count - first);
      const block = this.vectors.block(first, count);
      for (let b = 0; b < count; b++) {
        const i = first + b;
        if (mask && !mask[i]) continue;
        const c = dot(query, block, b * d);
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
    }
    return best;
  }

  /** Documents the asker may see, derived from the chunk mask (every chunk of a document shares its access). */
  private documentMask(mask: Uint8Array | null): Uint8Array | undefined {
    if (!mask) return undefined;
    const out = new Uint8Array(this.store.docCount);
    for (let d = 0; d < out.length; d++) out[d] = mask[this.store.docFirst[d]!]!;
    return out;
  }

  /** Every section of the document at `source`, if the asker may see it; empty otherwise. */
  sections(source: string, asker: Asker): DocumentSection[] {
    const d = this.store.docBySource(source);
    if (d === undefined) return [];
    const mask = this.allowedFor(asker);
    if (mask && !mask[this.store.docFirst[d]!]) return [];
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
      const synonyms = await findSynonyms(this.bm25, this.embedder, query, qWeights, qVec, p, synonymsOf);
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
      for (const [rank, h] of this.documentIndex.search(qTerms, p.candidates, this.documentMask(mask)).entries()) {
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
        for (const id of fused.keys()) seen.add(this.store.docOf(id));
        for (const d of docVotes.keys()) {
          if (!seen.has(d)) {
            const best = this.bestPassage(d, qTerms, mask);
            if (best >= 0) fused.set(best, 0);
          }
        }
        for (const [id, score] of fused) fused.set(id, score + (docVotes.get(this.store.docOf(id)) ?? 0));
      }
      return fused;
    };

    const lexicalHits = (weights: Map<string, number>) =>
      mode === 'vector' ? [] : this.bm25.searchWeighted(weights, p.candidates, mask ?? undefined);
    const vectorHits = (v: Float32Array | undefined) => (v && qTerms.length > 0 ? this.vectorSearch(v, p.candidates, mask) : []);
    const ranked = rank(fuse(lexicalHits(lexicalQuery), vectorHits(qVec)));
    this.store.prefetch(ranked.slice(0, 4 * k + 20).map(([id]) => id));
    const picked: { id: number; score: number; shingles: Set<string> }[] = [];
    const perSource = new Map<string, number>();
    const held: { id: number; score: number; shingles: Set<string> }[] = [];
    for (const [id, score] of ranked) {
      if (picked.length >= k) break;
      if (mask && !mask[id]) continue; // defence in depth: never return what the asker may not see
      const chunk = this.store.chunk(id);
      const shingles = shingleSet(chunk.text);
      if (picked.some((x) => jaccard(x.shingles, shingles) > 0.8)) continue;
      // Diversity: a further passage of the same document waits until other documents had their turn.
      const source = chunk.source;
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

  /** The passage of document `d` that matches the query best lexically (its first visible one when none does). */
  private bestPassage(d: number, qTerms: string[], mask: Uint8Array | null): number {
    let best = -1;
    let bestScore = -1;
    for (let id = this.store.docFirst[d]!; id < this.store.docFirst[d + 1]!; id++) {
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
   * Reads one of everything a query reads (a chunk, its vector, its graph neighbours, the postings of one of
   * its terms) without calling the embedder: ingest runs it before publishing a version.
   */
  selfCheck(): void {
    if (this.store.count === 0) return;
    const n = this.store.count - 1;
    const chunk = this.store.chunk(n);
    if (this.vectorSearch(this.vectors.vector(n), 1, null).length !== 1) throw new Error('the vector graph returned nothing');
    const t = terms(chunk.text)[0];
    if (t && this.bm25.search([t], 1).length !== 1) throw new Error(`the postings of "${t}" are empty`);
    this.passages.documentSections(this.store.docOf(n), 1);
  }

  /** Releases the files; the service calls it once no search can still be using this version. */
  close(): void {
    this.parts.chunkPostings.close?.();
    this.parts.docPostings.close?.();
    this.vectors.close();
    this.store.close();
    SearchIndex.freeHnsw(this.hnsw);
  }
}
