import type { PostingSource } from './postings.js';

/**
 * BM25 (Robertson & Zaragoza 2009, k1 = 1.2, b = 0.75) over stemmed content terms. Postings are sorted
 * by chunk number, so one chunk's score can be computed on its own for the `bm25` signal. The postings come
 * from disk (PostingSource), a term at a time.
 */
export class Bm25Index {
  private readonly lengths: Float32Array;
  private readonly avgLength: number;
  private acc: Float64Array | undefined;
  readonly size: number;
  private static readonly K1 = 1.2;
  private static readonly B = 0.75;

  constructor(private readonly source: PostingSource) {
    this.size = source.size;
    this.lengths = source.lengths;
    this.avgLength = source.size ? source.totalLength / source.size : 1;
  }

  private idf(df: number): number {
    return Math.log(1 + (this.size - df + 0.5) / (df + 0.5));
  }

  private termScore(tf: number, id: number, idf: number): number {
    const k1 = Bm25Index.K1;
    const norm = k1 * (1 - Bm25Index.B + (Bm25Index.B * this.lengths[id]!) / (this.avgLength || 1));
    return (idf * tf * (k1 + 1)) / (tf + norm);
  }

  /** Top `limit` chunks among those `allowed`, best first. */
  search(queryTerms: string[], limit: number, allowed?: Uint8Array): { id: number; score: number }[] {
    return this.searchWeighted(new Map([...new Set(queryTerms)].map((t) => [t, 1])), limit, allowed);
  }

  /** Same, each query term counting with its own weight (expansion terms count less than the asker's words). */
  searchWeighted(query: Map<string, number>, limit: number, allowed?: Uint8Array): { id: number; score: number }[] {
    // A dense accumulator reused across calls: far cheaper than a Map when expansion terms touch many chunks.
    this.acc ??= new Float64Array(this.size);
    const acc = this.acc;
    const touched: number[] = [];
    for (const [t, weight] of query) {
      if (weight <= 0) continue;
      const p = this.source.postings(t);
      if (!p) continue;
      const idf = weight * this.idf(p.ids.length);
      for (let i = 0; i < p.ids.length; i++) {
        const id = p.ids[i]!;
        if (allowed && !allowed[id]) continue;
        if (acc[id] === 0) touched.push(id);
        acc[id]! += this.termScore(p.tfs[i]!, id, idf);
      }
    }
    const out: { id: number; score: number }[] = [];
    let floor = -Infinity;
    for (const id of touched) {
      const score = acc[id]!;
      acc[id] = 0;
      if (out.length < limit) {
        out.push({ id, score });
        if (out.length === limit) {
          out.sort((a, b) => b.score - a.score || a.id - b.id);
          floor = out[limit - 1]!.score;
        }
      } else if (score > floor) {
        let i = limit - 1;
        while (i > 0 && out[i - 1]!.score < score) {
          out[i] = out[i - 1]!;
          i--;
        }
        out[i] = { id, score };
        floor = out[limit - 1]!.score;
      }
    }
    return out.length < limit ? out.sort((a, b) => b.score - a.score || a.id - b.id) : out;
  }

  /** Number of indexed entries holding the term. */
  df(term: string): number {
    return this.source.df(term);
  }

  /** Inverse document frequency of a term (0 when absent). */
  idfOf(term: string): number {
    const df = this.df(term);
    return df ? this.idf(df) : 0;
  }

  /** The BM25 score of one chunk for the query (0 when no term matches). */
  score(queryTerms: string[], id: number): number {
    let s = 0;
    for (const t of new Set(queryTerms)) {
      const p = this.source.postings(t);
      if (!p) continue;
      const at = binarySearch(p.ids, id);
      if (at >= 0) s += this.termScore(p.tfs[at]!, id, this.idf(p.ids.length));
    }
    return s;
  }
}

function binarySearch(a: Int32Array, x: number): number {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = a[mid]!;
    if (v === x) return mid;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}
