/**
 * BM25 (Robertson & Zaragoza 2009, k1 = 1.2, b = 0.75) over stemmed content terms. Postings are sorted
 * by chunk number, so one chunk's score can be computed on its own for the `bm25` signal.
 */
export class Bm25Index {
  private readonly postings = new Map<string, { ids: Int32Array; tfs: Uint16Array }>();
  private readonly lengths: Float32Array;
  private readonly avgLength: number;
  readonly size: number;
  private static readonly K1 = 1.2;
  private static readonly B = 0.75;

  constructor(docs: string[][]) {
    this.size = docs.length;
    this.lengths = new Float32Array(docs.length);
    const building = new Map<string, number[]>();
    let total = 0;
    docs.forEach((terms, id) => {
      this.lengths[id] = terms.length;
      total += terms.length;
      const counts = new Map<string, number>();
      for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
      for (const [t, c] of counts) {
        let list = building.get(t);
        if (!list) {
          list = [];
          building.set(t, list);
        }
        list.push(id, c);
      }
    });
    for (const [t, list] of building) {
      const n = list.length / 2;
      const ids = new Int32Array(n);
      const tfs = new Uint16Array(n);
      for (let i = 0; i < n; i++) {
        ids[i] = list[2 * i]!;
        tfs[i] = Math.min(list[2 * i + 1]!, 65535);
      }
      this.postings.set(t, { ids, tfs });
    }
    this.avgLength = docs.length ? total / docs.length : 1;
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
    const scores = new Map<number, number>();
    for (const t of new Set(queryTerms)) {
      const p = this.postings.get(t);
      if (!p) continue;
      const idf = this.idf(p.ids.length);
      for (let i = 0; i < p.ids.length; i++) {
        const id = p.ids[i]!;
        if (allowed && !allowed[id]) continue;
        scores.set(id, (scores.get(id) ?? 0) + this.termScore(p.tfs[i]!, id, idf));
      }
    }
    return topK(scores, limit);
  }

  /** The BM25 score of one chunk for the query (0 when no term matches). */
  score(queryTerms: string[], id: number): number {
    let s = 0;
    for (const t of new Set(queryTerms)) {
      const p = this.postings.get(t);
      if (!p) continue;
      const at = binarySearch(p.ids, id);
      if (at >= 0) s += this.termScore(p.tfs[at]!, id, this.idf(p.ids.length));
    }
    return s;
  }
}

function topK(scores: Map<number, number>, k: number): { id: number; score: number }[] {
  const out: { id: number; score: number }[] = [];
  for (const [id, score] of scores) {
    if (out.length < k) {
      out.push({ id, score });
      if (out.length === k) out.sort((a, b) => b.score - a.score);
    } else if (score > out[k - 1]!.score) {
      let i = k - 1;
      while (i > 0 && out[i - 1]!.score < score) {
        out[i] = out[i - 1]!;
        i--;
      }
      out[i] = { id, score };
    }
  }
  return out.length < k ? out.sort((a, b) => b.score - a.score) : out;
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
