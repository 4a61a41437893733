/** Turns text into unit-length vectors; cosine similarity is then a dot product. */
export interface Embedder {
  /** Recorded in the index manifest; an index built with another id is refused. */
  readonly id: string;
  readonly dimension: number;
  /**
   * True when a text's vector does not depend on the rest of the corpus (OpenAI), so the vectors of
   * unchanged chunks are reused by an incremental ingest. Offline models are fitted on the corpus.
   */
  readonly stable: boolean;
  embedDocuments(texts: string[], onProgress?: (done: number) => void): Promise<Float32Array[]>;
  embedQuery(text: string): Promise<Float32Array>;
  /** The document vector from its terms (tokenize.terms of the text), when the model needs nothing else. */
  embedTerms?(terms: string[]): Float32Array;
  /** Share (0..1, IDF-weighted) of the text's terms the model knows; fusion trusts the vector side that much. */
  coverageOf?(text: string): number;
}

export function normalize(v: Float32Array): Float32Array {
  let n = 0;
  for (let i = 0; i < v.length; i++) n += v[i]! * v[i]!;
  n = Math.sqrt(n);
  if (n > 0) for (let i = 0; i < v.length; i++) v[i]! /= n;
  return v;
}

export function dot(a: Float32Array, b: Float32Array, offsetB = 0): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[offsetB + i]!;
  return s;
}

export { seededRandom as rng } from '../../random.js';
