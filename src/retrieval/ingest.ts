import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { IndexUnavailableError, isKikiError } from '../errors.js';
import type { Logger } from '../logger.js';
import { combineAccess } from './access.js';
import { ChunkStore, ChunkStoreWriter } from './chunk-store.js';
import { type Chunk, chunkDocument, indexText } from './chunker.js';
import { configuredEmbedderId, embedderForIngest, type OfflineKind, saveEmbedder } from './embedders/index.js';
import { buildIndex } from './index-build.js';
import { currentVersionDir, indexRoot, type Manifest, pruneVersions, publish, readManifest, removeStaleTemp } from './index-files.js';
import { acquireLock, type IngestRoot, scanKnowledge, scanRoots, unreadable } from './knowledge-files.js';
import { isSupported, LoadError, loadDocument } from './loaders/index.js';
import { openIndex } from './open-index.js';
import { HNSW_PARAMS } from './search-index.js';
import { VectorFile } from './vectors.js';

export { type IngestRoot, scanKnowledge } from './knowledge-files.js';

export interface IngestProgress {
  phase: 'scan' | 'load' | 'embed' | 'index' | 'write';
  done: number;
  total: number;
  file?: string;
}

export interface IngestSummary {
  files: number;
  chunks: number;
  /** Unchanged files whose chunks were reused by content hash. */
  skipped: number;
  changed: number;
  removed: number;
  failed: { source: string; reason: string }[];
  seconds: number;
  bytes: number;
  upToDate: boolean;
  embedder: string;
  indexDir: string;
}

export interface IngestOptions {
  knowledgeDir?: string;
  dataDir?: string;
  onProgress?: (p: IngestProgress) => void;
  /** Ignore the previous index and rebuild everything. */
  full?: boolean;
  offline?: OfflineKind;
  /** Where the causes behind the summary's one-line reasons go (parser and file-system errors). */
  logger?: Logger;
  /** Several folders, each indexed under its prefix (KIKI_SOURCES); unset: KNOWLEDGE_DIR alone, no prefix. */
  roots?: IngestRoot[];
  /** Test hook: called after the new index is fully written and opened, just before it is swapped in. */
  beforeSwap?: () => void | Promise<void>;
}

interface Previous {
  dir: string;
  manifest: Manifest;
  store: ChunkStore;
  vectors: VectorFile | undefined;
}

/**
 * Builds a new index version beside the current one and swaps it in by rename. Unchanged files (same
 * content hash) reuse their chunks; the run always completes, listing every unreadable file with a reason.
 * Streams: each file's chunks go to the new version's SQLite store as soon as they are made, and the
 * embedding pass reads them back a batch at a time, so memory does not grow with the corpus.
 */
export async function ingest(config: Config, options: IngestOptions = {}): Promise<IngestSummary> {
  const started = performance.now();
  const knowledgeDir = options.knowledgeDir ?? config.KNOWLEDGE_DIR;
  const dataDir = options.dataDir ?? config.KIKI_DATA_DIR;
  const progress = options.onProgress ?? (() => {});
  fs.mkdirSync(indexRoot(dataDir), { recursive: true });
  const release = acquireLock(dataDir);
  let previous: Previous | undefined;
  let writer: ChunkStoreWriter | undefined;
  let tmp: string | undefined;
  let published = false;
  try {
    removeStaleTemp(dataDir);
    const { files, problems } = options.roots ? scanRoots(options.roots, options.logger) : scanKnowledge(knowledgeDir, options.logger);
    progress({ phase: 'scan', done: files.length, total: files.length });
    const embedderId = configuredEmbedderId(config, options.offline);
    previous = options.full ? undefined : openPrevious(dataDir, embedderId);
    const sameEmbedder = previous?.manifest.embedder.id === embedderId;
    const reuseVectors = sameEmbedder && embedderId.startsWith('openai:') ? previous?.vectors : undefined;

    const failed = [...problems];
    const fileEntries: Manifest['files'] = {};
    const failedEntries: Manifest['failed'] = problems.map((p) => ({ ...p }));
    let skipped = 0;
    let changed = 0;
    let bytes = 0;
    let chunkCount = 0;
    /** Per document, its access list as JSON and its chunk count: the fingerprint, without holding the chunks. */
    const accessRuns: [string, number][] = [];
    /** Unchanged files met before the first changed one: written only if the index turns out to need a rebuild. */
    const pending: { source: string; access: string[] | undefined }[] = [];
    const copyReused = (w: ChunkStoreWriter, source: string, access: string[] | undefined) => {
      const d = previous?.store.docBySource(source);
      if (d === undefined || !previous) return;
      const first = previous.store.docFirst[d] ?? 0;
      const reused = previous.store.documentChunks(d).map((c) => withAccess(c, access));
      w.addDocument(
        reused,
        reused.map((_, i) => (reuseVectors ? first + i : undefined)),
      );
    };
    const open = (): ChunkStoreWriter => {
      if (!writer) {
        tmp = fs.mkdtempSync(path.join(indexRoot(dataDir), '.tmp-'));
        writer = new ChunkStoreWriter(tmp);
        for (const p of pending) copyReused(writer, p.source, p.access);
        pending.length = 0;
      }
      return writer;
    };
    for (const [i, f] of files.entries()) {
      progress({ phase: 'load', done: i, total: files.length, file: f.source });
      if (!isSupported(f.abs)) {
        const reason = `unsupported file type "${path.extname(f.abs) || '(none)'}"`;
        failed.push({ source: f.source, reason });
        failedEntries.push({ source: f.source, reason });
        continue;
      }
      let content: Buffer;
      try {
        content = fs.readFileSync(f.abs);
      } catch (error) {
        options.logger?.warn({ err: error, source: f.source }, 'ingest: file unreadable');
        const reason = unreadable(error);
        failed.push({ source: f.source, reason });
        failedEntries.push({ source: f.source, reason });
        continue;
      }
      bytes += content.length;
      const hash = createHash('sha256').update(content).digest('hex');
      const before = previous?.manifest.files[f.source];
      const failedBefore = previous?.manifest.failed.find((x) => x.source === f.source && x.hash === hash);
      if (before?.hash === hash && previous) {
        const access = combineAccess(f.access, before.access);
        const d = previous.store.docBySource(f.source);
        const count = d === undefined ? 0 : (previous.store.docFirst[d + 1] ?? 0) - (previous.store.docFirst[d] ?? 0);
        if (count > 0) accessRuns.push([JSON.stringify(access ?? null), count]);
        chunkCount += count;
        if (writer) copyReused(writer, f.source, access);
        else pending.push({ source: f.source, access });
        fileEntries[f.source] = { ...before, bytes: content.length };
        skipped++;
        continue;
      }
      if (failedBefore) {
        failed.push({ source: f.source, reason: failedBefore.reason });
        failedEntries.push(failedBefore);
        skipped++;
        continue;
      }
      changed++;
      try {
        const doc = await loadDocument(content, f.abs);
        const access = combineAccess(f.access, doc.access);
        const docChunks = chunkDocument(doc, f.source, access);
        open().addDocument(docChunks, reuseVectors && previous ? previousNumbers(previous, f.source, docChunks) : undefined);
        if (docChunks.length > 0) accessRuns.push([JSON.stringify(access ?? null), docChunks.length]);
        chunkCount += docChunks.length;
        fileEntries[f.source] = { hash, bytes: content.length, chunks: docChunks.length, ...(doc.access ? { access: doc.access } : {}) };
      } catch (error) {
        options.logger?.warn({ err: error, source: f.source }, 'ingest: document not indexed');
        const reason = error instanceof LoadError ? error.message : 'could not be read';
        failed.push({ source: f.source, reason });
        failedEntries.push({ source: f.source, reason, hash });
      }
    }
    progress({ phase: 'load', done: files.length, total: files.length });
    const removed = previous ? Object.keys(previous.manifest.files).filter((s) => !(s in fileEntries)).length : 0;
    const fingerprint = fingerprintOf(embedderId, fileEntries, accessRuns);
    const summary = (indexDir: string, upToDate: boolean): IngestSummary => ({
      files: files.length,
      chunks: chunkCount,
      skipped,
      changed,
      removed,
      failed,
      seconds: (performance.now() - started) / 1000,
      bytes,
      upToDate,
      embedder: embedderId,
      indexDir,
    });
    if (previous && sameEmbedder && previous.manifest.fingerprint === fingerprint) return summary(previous.dir, true);

    const w = open();
    const dir = tmp ?? '';
    const embedder = embedderForIngest(config, { count: w.count, text: (n) => indexText(w.chunk(n)) }, options.offline);
    const built = await buildIndex(dir, w, embedder, embedder.stable && sameEmbedder ? previous?.vectors : undefined, (p) => progress(p));
    saveEmbedder(embedder, dir);
    const manifest: Manifest = {
      format: 2,
      embedder: { id: embedder.id, dimension: built.dimension },
      builtAt: Date.now(),
      fingerprint,
      chunkCount: w.count,
      documentCount: w.docCount,
      files: fileEntries,
      failed: failedEntries,
      hnsw: HNSW_PARAMS,
      tokens: built.tokens,
    };
    w.close();
    writer = undefined;
    fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1));
    verifyOpens(config, dir);
    await options.beforeSwap?.();
    const finalDir = publish(dataDir, dir);
    published = true;
    pruneVersions(dataDir, [finalDir, ...(previous ? [previous.dir] : [])]);
    progress({ phase: 'write', done: 1, total: 1 });
    return summary(finalDir, false);
  } finally {
    previous?.store.close();
    previous?.vectors?.close();
    if (writer) writer.close();
    if (tmp && !published) fs.rmSync(tmp, { recursive: true, force: true });
    release();
  }
}

/** A version that cannot be opened is never published: the ingest fails and the current one keeps serving. */
export function verifyOpens(config: Config, dir: string): void {
  try {
    const index = openIndex(config, dir);
    try {
      index.selfCheck();
    } finally {
      index.close();
    }
  } catch (error) {
    const why = isKikiError(error) ? error.userMessage : 'details in the log';
    throw new IndexUnavailableError(`the new index could not be opened (${why}); the previous index is still in use`, { cause: error });
  }
}

/** Same value as hashing every chunk's access list in order, from runs of equal lists. */
function fingerprintOf(embedderId: string, files: Manifest['files'], accessRuns: [string, number][]): string {
  const hash = createHash('sha256')
    .update(embedderId)
    .update(JSON.stringify(Object.entries(files).map(([s, e]) => [s, e.hash])));
  hash.update('[');
  let first = true;
  for (const [json, count] of accessRuns) {
    for (let i = 0; i < count; i++) {
      hash.update(first ? json : `,${json}`);
      first = false;
    }
  }
  return hash.update(']').digest('hex');
}

/** Per new chunk, the number of the previous version's chunk with the same id (its vector is reused). */
function previousNumbers(previous: Previous, source: string, chunks: Chunk[]): (number | undefined)[] {
  const d = previous.store.docBySource(source);
  if (d === undefined) return [];
  const first = previous.store.docFirst[d] ?? 0;
  const byId = new Map(previous.store.documentChunks(d).map((c, i) => [c.id, first + i]));
  return chunks.map((c) => byId.get(c.id));
}

/** Folder rules may have changed since the chunk was made: today's rules and the document's own list apply. */
function withAccess(c: Chunk, access: string[] | undefined): Chunk {
  const { access: _, ...rest } = c;
  return access ? { ...rest, access } : rest;
}

function openPrevious(dataDir: string, embedderId: string): Previous | undefined {
  let dir: string | undefined;
  try {
    dir = currentVersionDir(dataDir);
  } catch {
    return undefined;
  }
  if (!dir) return undefined;
  try {
    const manifest = readManifest(dir);
    const store = ChunkStore.open(dir);
    let vectors: VectorFile | undefined;
    try {
      if (manifest.embedder.id === embedderId && embedderId.startsWith('openai:'))
        vectors = new VectorFile(dir, store.count, manifest.embedder.dimension);
    } catch (error) {
      store.close();
      throw error;
    }
    return { dir, manifest, store, vectors };
  } catch {
    return undefined; // a damaged (or older format) previous index is rebuilt from scratch
  }
}
