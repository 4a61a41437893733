import path from 'node:path';
import hnswlib from 'hnswlib-node';
import { LRUCache } from 'lru-cache';
import { canSee } from './access.js';
import type { ChunkStore } from './chunk-store.js';
import type { Chunk } from './chunker.js';
import { dot, type Embedder } from './embedders/types.js';
import { Bm25Index } from './lexical.js';
import type { PostingSource } from './postings.js';
import { countOnes, DEFAULT_RANKING, type RankingParams, type SearchMode } from './ranking.js';
import { bestPassage, type CandidateSources, generateCandidates } from './stages/candidates.js';
import { pickDiverse } from './stages/diversity.js';
import { expandQuery } from './stages/expand.js';
import { fuseCandidates } from './stages/fusion.js';
import { PassageFactory } from './stages/passages.js';
import { terms } from './tokenize.js';
import type { Asker, DocumentSection, Passage, SearchOptions } from './types.js';
import type { VectorFile } from './vectors.js';

export { DEFAULT_RANKING, type RankingParams, type SearchMode } from './ranking.js';

export const HNSW_PARAMS = { m: 24, efConstruction: 200 };

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
  private readonly sources: CandidateSources;

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
    this.sources = {
      passages: this.bm25,
      documents: this.documentIndex,
      vectorSearch: (query, limit, mask) => this.vectorSearch(query, limit, mask),
      docFirst: this.store.docFirst,
    };
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

  /** Every section of the document at `source`, if the asker may see it; empty otherwise. */
  sections(source: string, asker: Asker): DocumentSection[] {
    const d = this.store.docBySource(source);
    if (d === undefined) return [];
    const mask = this.allowedFor(asker);
    if (mask && !mask[this.store.docFirst[d]!]) return [];
    return this.passages.documentSections(d);
  }

  /**
   * The asker's passages for a query, in stages: expand the query (added handbook words, synonyms), rank
   * candidates in each index, fuse the ranks, keep a diverse top `k`, build each passage with its signals.
   */
  async search(
    query: string,
    asker: Asker,
    options: SearchOptions & SearchIndexOptions & { params?: Partial<RankingParams> } = {},
  ): Promise<Passage[]> {
    const k = Math.max(1, Math.min(options.k ?? 5, 50));
    const mode = options.mode ?? 'hybrid';
    const p = options.params ? { ...this.params, ...options.params } : this.params;
    const mask = this.allowedFor(asker);
    const q = await expandQuery(query, options.expansion, { stats: this.bm25, embedder: this.embedder, mode, params: p });
    const candidates = generateCandidates(q, mode, p, mask, this.sources);
    // An offline model that doesn't know the query's rarest words would rank noise: it votes less.
    const weights = {
      lexical: mode === 'hybrid' ? p.lexicalWeight : 1,
      vector: mode === 'vector' ? 1 : p.vectorWeight * (this.embedder.coverageOf?.(query) ?? 1),
      document: p.documentWeight,
    };
    const ranked = fuseCandidates(
      candidates,
      weights,
      p.rrfK,
      (id) => this.store.docOf(id),
      (d) => bestPassage(d, q.qTerms, mask, this.sources),
    );
    this.store.prefetch(ranked.slice(0, 4 * k + 20).map(([id]) => id));
    const picked = pickDiverse(ranked, k, { maxPerSource: p.maxPerSource, mask, chunkOf: (id) => this.store.chunk(id) });
    return picked.map(({ id, score }) => this.passages.build(id, score, q));
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
