import { terms } from '../tokenize.js';

/** Terms and their inverse document frequencies, fitted on the corpus at ingest. */
export interface Vocabulary {
  terms: string[];
  idf: Float32Array;
  index: Map<string, number>;
}

export function fitVocabulary(docs: string[][], maxTerms = 60_000, minDf = 2): Vocabulary {
  const df = new Map<string, number>();
  for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
  const n = docs.length;
  const kept = [...df.entries()]
    .filter(([, c]) => c >= Math.min(minDf, n) && c < n * 0.5 + 1)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, maxTerms);
  const idf = new Float32Array(kept.length);
  kept.forEach(([, c], i) => {
    idf[i] = Math.log(1 + n / c);
  });
  const list = kept.map(([t]) => t);
  return { terms: list, idf, index: new Map(list.map((t, i) => [t, i])) };
}

/** Sparse TF-IDF (sublinear tf) over the vocabulary, L2-normalised. */
export function tfidf(vocab: Vocabulary, text: string | string[]): { idx: Int32Array; val: Float32Array } {
  const counts = new Map<number, number>();
  for (const t of typeof text === 'string' ? terms(text) : text) {
    const i = vocab.index.get(t);
    if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
  }
  const idx = new Int32Array(counts.size);
  const val = new Float32Array(counts.size);
  let j = 0;
  let norm = 0;
  for (const [i, c] of counts) {
    idx[j] = i;
    const w = (1 + Math.log(c)) * vocab.idf[i]!;
    val[j] = w;
    norm += w * w;
    j++;
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (let k = 0; k < val.length; k++) val[k]! /= norm;
  return { idx, val };
}
