import fs from 'node:fs';
import path from 'node:path';
import { IndexUnavailableError } from '../../errors.js';
import { terms, words } from '../tokenize.js';
import { randomizedSvd } from './svd.js';
import { type Embedder, normalize } from './types.js';
import { fitVocabulary, tfidf, type Vocabulary } from './vocabulary.js';

// The LSA model is fitted on at most this many chunks (an even sample), so ingesting 100,000 chunks stays fast.
const MAX_FIT_DOCS = 20_000;
const MODEL_JSON = 'embedder.json';
const MODEL_BIN = 'embedder.bin';

interface ModelFile {
  id: string;
  dimension: number;
  terms: string[];
}

/**
 * Latent semantic analysis fitted on the corpus at ingest: TF-IDF vectors projected on the top singular
 * vectors of the chunk × term matrix, so words that occur in the same contexts ("leave", "vacation",
 * "time off") land close together. Deterministic, no download.
 */
export class LsaEmbedder implements Embedder {
  static readonly ID = 'offline-lsa-v1';
  readonly id = LsaEmbedder.ID;
  readonly stable = false;

  private constructor(
    private readonly vocab: Vocabulary,
    /** terms × dimension, row-major */
    private readonly projection: Float32Array,
    readonly dimension: number,
  ) {}

  static fit(texts: string[] | Corpus, dimension = 256): LsaEmbedder {
    const sample = fitSample(texts);
    const vocab = fitVocabulary(sample, 40_000);
    if (vocab.terms.length === 0) return new LsaEmbedder(vocab, new Float32Array(0), dimension);
    const rows = sample.map((s) => tfidf(vocab, s));
    const { v, k } = randomizedSvd({ rows, cols: vocab.terms.length }, dimension);
    return new LsaEmbedder(vocab, k === dimension ? v : pad(v, vocab.terms.length, k, dimension), dimension);
  }

  async embedDocuments(texts: string[], onProgress?: (done: number) => void): Promise<Float32Array[]> {
    return texts.map((t, i) => {
      if (onProgress && i % 1000 === 999) onProgress(i + 1);
      return this.embed(t);
    });
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return this.embed(text);
  }

  /** The same vector from the text's terms (ingest has them already for BM25: one tokenisation, not two). */
  embedTerms(ts: string[]): Float32Array {
    return this.embed(ts);
  }

  embed(text: string | string[]): Float32Array {
    const out = new Float32Array(this.dimension);
    if (this.projection.length === 0) return out;
    const { idx, val } = tfidf(this.vocab, text);
    for (let z = 0; z < idx.length; z++) {
      const base = idx[z]! * this.dimension;
      const w = val[z]!;
      for (let c = 0; c < this.dimension; c++) out[c]! += w * this.projection[base + c]!;
    }
    return normalize(out);
  }

  coverageOf(text: string): number {
    const ts = terms(text);
    if (ts.length === 0) return 0;
    const maxIdf = Math.log(1 + (this.vocab.terms.length || 1));
    let known = 0;
    let total = 0;
    for (const t of ts) {
      const i = this.vocab.index.get(t);
      const w = i === undefined ? maxIdf : this.vocab.idf[i]!;
      total += w;
      if (i !== undefined) known += w;
    }
    return known / total;
  }

  save(dir: string): void {
    const file: ModelFile = { id: this.id, dimension: this.dimension, terms: this.vocab.terms };
    fs.writeFileSync(path.join(dir, MODEL_JSON), JSON.stringify(file));
    const bin = Buffer.concat([f32Bytes(this.vocab.idf), f32Bytes(this.projection)]);
    fs.writeFileSync(path.join(dir, MODEL_BIN), bin);
  }

  static load(dir: string): LsaEmbedder {
    const file = JSON.parse(fs.readFileSync(path.join(dir, MODEL_JSON), 'utf8')) as ModelFile;
    const bin = fs.readFileSync(path.join(dir, MODEL_BIN));
    const all = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
    const n = file.terms.length;
    if (all.length !== n + n * file.dimension)
      throw new IndexUnavailableError('the offline embedding model of the index is truncated; rebuild it with "kiki ingest --full"');
    const vocab: Vocabulary = { terms: file.terms, idf: all.slice(0, n), index: new Map(file.terms.map((t, i) => [t, i])) };
    return new LsaEmbedder(vocab, all.slice(n), file.dimension);
  }
}

/**
 * The alternative measured against LSA: hashed word, word-bigram and character 4-gram features weighted by
 * IDF, folded into a fixed number of signed buckets (the "hashing trick"). Kept for the evaluation.
 */
export class HashEmbedder implements Embedder {
  static readonly ID = 'offline-hash-v1';
  readonly id = HashEmbedder.ID;
  readonly stable = false;

  private constructor(
    private readonly vocab: Vocabulary,
    readonly dimension: number,
  ) {}

  static fit(texts: string[] | Corpus, dimension = 512): HashEmbedder {
    const sample = fitSample(texts);
    return new HashEmbedder(fitVocabulary(sample, 200_000, 1), dimension);
  }

  async embedDocuments(texts: string[]): Promise<Float32Array[]> {
    return texts.map((t) => this.embed(t));
  }

  async embedQuery(text: string): Promise<Float32Array> {
    return this.embed(text);
  }

  embed(text: string): Float32Array {
    const out = new Float32Array(this.dimension);
    const ts = terms(text);
    const maxIdf = Math.log(1 + (this.vocab.terms.length || 1));
    const idf = (t: string) => {
      const i = this.vocab.index.get(t);
      return i === undefined ? maxIdf : this.vocab.idf[i]!;
    };
    const add = (feature: string, w: number) => {
      const h = fnv1a(feature);
      out[h % this.dimension]! += h & 0x80000000 ? -w : w;
    };
    ts.forEach((t, i) => {
      add(`w:${t}`, idf(t));
      if (i > 0) add(`b:${ts[i - 1]} ${t}`, 0.5 * Math.min(idf(t), idf(ts[i - 1]!)));
    });
    for (const w of words(text)) {
      const padded = `#${w}#`;
      if (padded.length < 5) continue;
      for (let i = 0; i + 4 <= padded.length; i++) add(`c:${padded.slice(i, i + 4)}`, 0.3);
    }
    return normalize(out);
  }

  save(dir: string): void {
    const file: ModelFile = { id: this.id, dimension: this.dimension, terms: this.vocab.terms };
    fs.writeFileSync(path.join(dir, MODEL_JSON), JSON.stringify(file));
    fs.writeFileSync(path.join(dir, MODEL_BIN), f32Bytes(this.vocab.idf));
  }

  static load(dir: string): HashEmbedder {
    const file = JSON.parse(fs.readFileSync(path.join(dir, MODEL_JSON), 'utf8')) as ModelFile;
    const bin = fs.readFileSync(path.join(dir, MODEL_BIN));
    const idf = new Float32Array(bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength));
    return new HashEmbedder({ terms: file.terms, idf, index: new Map(file.terms.map((t, i) => [t, i])) }, file.dimension);
  }
}

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

function f32Bytes(a: Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

function pad(v: Float32Array, rows: number, k: number, dimension: number): Float32Array {
  const out = new Float32Array(rows * dimension);
  for (let r = 0; r < rows; r++) out.set(v.subarray(r * k, r * k + k), r * dimension);
  return out;
}

/** The texts to fit on, read one at a time: ingest keeps them on disk, not in an array. */
export interface Corpus {
  count: number;
  text(i: number): string;
}

/** Evenly spaced texts, at most MAX_FIT_DOCS, as terms: what the offline models are fitted on. */
function fitSample(texts: string[] | Corpus): string[][] {
  const corpus = Array.isArray(texts) ? { count: texts.length, text: (i: number) => texts[i]! } : texts;
  const step = Math.max(1, corpus.count / MAX_FIT_DOCS);
  const sample: string[][] = [];
  for (let i = 0; i < corpus.count; i += step) sample.push(terms(corpus.text(Math.floor(i))));
  return sample;
}
