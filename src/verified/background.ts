import { LRUCache } from 'lru-cache';
import type { Config } from '../config.js';
import { ChunkStore } from '../retrieval/chunk-store.js';
import { type Embedder, openEmbedder } from '../retrieval/embedders/index.js';
import { currentVersionDir, readManifest } from '../retrieval/index-files.js';
import { FIELD_CHUNKS } from '../retrieval/postings.js';
import { terms } from '../retrieval/tokenize.js';

/** What the matcher borrows from the current search index (read only): term rarity and the embedder. */
export interface Background {
  /** The index version it was read from. */
  version: string;
  idf: (term: string) => number;
  embedder?: Embedder;
  /** The access list of the document with this source path or url: null for everyone, undefined if unknown. */
  accessOf: (sourceOrUrl: string) => string[] | null | undefined;
}

/** Term rarity over a set of texts, BM25's idf scaled to 0..1 (a term no text holds weighs 1). */
export function idfOver(texts: string[]): (term: string) => number {
  const df = new Map<string, number>();
  for (const text of texts) for (const t of new Set(terms(text))) df.set(t, (df.get(t) ?? 0) + 1);
  const n = texts.length;
  const max = Math.log(1 + (n + 0.5) / 0.5);
  return (t) => Math.log(1 + (n - (df.get(t) ?? 0) + 0.5) / ((df.get(t) ?? 0) + 0.5)) / max;
}

/**
 * Borrows the current index's term dictionary (document frequencies over its chunks: the same idf as idfOver
 * on their texts) and its document table; undefined before the first ingest. Nothing is read whole.
 */
export function readBackground(config: Config, withEmbedder: boolean): Background | undefined {
  const dir = currentVersionDir(config.KIKI_DATA_DIR);
  if (!dir) return undefined;
  const manifest = readManifest(dir);
  const store = ChunkStore.open(dir);
  const access = new Map<string, string[] | null>();
  let dfOf: (term: string) => number;
  try {
    for (const doc of store.documents()) {
      access.set(doc.source, doc.access ?? null);
      if (doc.url) access.set(doc.url, doc.access ?? null);
    }
    const lookup = store.db.prepare<[string], { df: number }>(`SELECT df FROM terms WHERE field = ${FIELD_CHUNKS} AND term = ?`);
    const dfs = new LRUCache<string, number>({ max: 50_000 });
    dfOf = (t) => {
      let df = dfs.get(t);
      if (df === undefined) {
        df = store.db.open ? (lookup.get(t)?.df ?? 0) : 0;
        dfs.set(t, df);
      }
      return df;
    };
  } catch (error) {
    store.close();
    throw error;
  }
  const n = store.count;
  const max = Math.log(1 + (n + 0.5) / 0.5);
  const idf = (t: string) => Math.log(1 + (n - dfOf(t) + 0.5) / (dfOf(t) + 0.5)) / max;
  const embedder = withEmbedder ? openEmbedder(config, dir, manifest.embedder.id, manifest.embedder.dimension) : undefined;
  return { version: dir, idf, accessOf: (s) => access.get(s), ...(embedder ? { embedder } : {}) };
}
