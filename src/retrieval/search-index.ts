import path from 'node:path';
import hnswlib from 'hnswlib-node';
import { canSee } from './access.js';
import { type Chunk, indexText } from './chunker.js';
import { dot, type Embedder } from './embedders/types.js';
import { Bm25Index } from './lexical.js';
import { coverage, terms } from './tokenize.js';
import type { Asker, Passage, SearchOptions } from './types.js';

export const HNSW_PARAMS = { m: 16, efConstruction: 100 };
const CANDIDATES = 50;
// Reciprocal rank fusion constant (Cormack et al. 2009); 60 is the published default and measured best here.
const RRF_K = 60;
const MAX_PER_SOURCE = 2;

export type SearchMode = 'hybrid' | 'lexical' | 'vector';

export interface SearchIndexOptions {
  /** Hybrid by default; the evaluation also measures each side alone. */
  mode?: SearchMode;
}

/** Chunks, their vectors, the HNSW graph and the BM25 index of one index version, held in memory. */
export class SearchIndex {
  readonly bm25: Bm25Index;
  private readonly masks = new Map<string, Uint8Array | null>();
  private readonly groups: { access: string[] | undefined; members: number[] }[] = [];

  constructor(
    readonly chunks: Chunk[],
    readonly vectors: Float32Array,
    readonly dimension: number,
    readonly hnsw: hnswlib.HierarchicalNSW,
    readonly embedder: Embedder,
  ) {
    this.bm25 = new Bm25Index(chunks.map((c) => terms(indexText(c))));
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

  async search(query: string, asker: Asker, options: SearchOptions & SearchIndexOptions = {}): Promise<Passage[]> {
    const k = Math.max(1, Math.min(options.k ?? 5, 50));
    const mode = options.mode ?? 'hybrid';
    const qTerms = terms(query);
    const mask = this.allowedFor(asker);
    const qVec = mode === 'lexical' ? undefined : await this.embedder.embedQuery(query);
    const fused = new Map<number, number>();
    if (mode !== 'vector') {
      this.bm25.search(qTerms, CANDIDATES, mask ?? undefined).forEach((h, rank) => {
        fused.set(h.id, (fused.get(h.id) ?? 0) + 1 / (RRF_K + rank + 1));
      });
    }
    if (qVec && qTerms.length > 0) {
      // An offline model that doesn't know the query's rarest words would rank noise: it votes less.
      const weight = mode === 'vector' ? 1 : (this.embedder.coverageOf?.(query) ?? 1);
      this.vectorSearch(qVec, CANDIDATES, mask).forEach((h, rank) => {
        fused.set(h.id, (fused.get(h.id) ?? 0) + weight / (RRF_K + rank + 1));
      });
    }
    const ranked = [...fused.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const picked: { id: number; score: number; shingles: Set<string> }[] = [];
    const perSource = new Map<string, number>();
    const held: { id: number; score: number; shingles: Set<string> }[] = [];
    for (const [id, score] of ranked) {
      if (picked.length >= k) break;
      if (mask && !mask[id]) continue; // defence in depth: never return what the asker may not see
      const shingles = shingleSet(this.chunks[id]!.text);
      if (picked.some((p) => jaccard(p.shingles, shingles) > 0.8)) continue;
      // Diversity: a third passage of the same document waits until other documents had their turn.
      const source = this.chunks[id]!.source;
      const n = perSource.get(source) ?? 0;
      if (n >= MAX_PER_SOURCE) {
        held.push({ id, score, shingles });
        continue;
      }
      perSource.set(source, n + 1);
      picked.push({ id, score, shingles });
    }
    for (const h of held) if (picked.length < k) picked.push(h);
    return picked.map(({ id, score }) => this.passage(id, score, qTerms, qVec));
  }

  private passage(id: number, score: number, qTerms: string[], qVec: Float32Array | undefined): Passage {
    const c = this.chunks[id]!;
    const ownTerms = new Set(terms(indexText(c)));
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
      score,
      signals: {
        ...(qVec ? { cosine: Math.max(-1, Math.min(1, dot(qVec, this.vectors, id * this.dimension))) } : {}),
        bm25: this.bm25.score(qTerms, id),
        coverage: coverage(qTerms, ownTerms),
      },
    };
  }
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
