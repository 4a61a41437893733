import type { Config } from '../config.js';
import { indexText } from '../retrieval/chunker.js';
import { type Embedder, openEmbedder } from '../retrieval/embedders/index.js';
import { currentVersionDir, readChunks, readManifest } from '../retrieval/index-files.js';
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

/** Reads the current index's chunks and embedder; undefined before the first ingest. */
export function readBackground(config: Config, withEmbedder: boolean): Background | undefined {
  const dir = currentVersionDir(config.KIKI_DATA_DIR);
  if (!dir) return undefined;
  const manifest = readManifest(dir);
  const chunks = readChunks(dir);
  const idf = idfOver(chunks.map(indexText));
  const access = new Map<string, string[] | null>();
  for (const c of chunks) {
    access.set(c.source, c.access ?? null);
    if (c.url) access.set(c.url, c.access ?? null);
  }
  const embedder = withEmbedder ? openEmbedder(config, dir, manifest.embedder.id, manifest.embedder.dimension) : undefined;
  return { version: dir, idf, accessOf: (s) => access.get(s), ...(embedder ? { embedder } : {}) };
}
