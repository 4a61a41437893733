import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { IndexUnavailableError, isKikiError } from '../errors.js';
import type { Logger } from '../logger.js';
import { ChunkStore } from './chunk-store.js';
import { indexText } from './chunker.js';
import { configuredEmbedderId, embedderForIngest, type OfflineKind, saveEmbedder } from './embedders/index.js';
import { buildIndex } from './index-build.js';
import { currentVersionDir, indexRoot, type Manifest, pruneVersions, publish, readManifest, removeStaleTemp } from './index-files.js';
import { IngestRun, type Previous } from './ingest-run.js';
import { acquireLock, type IngestRoot, scanKnowledge, scanRoots } from './knowledge-files.js';
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
  let run: IngestRun | undefined;
  let published = false;
  try {
    removeStaleTemp(dataDir);
    const { files, problems } = options.roots ? scanRoots(options.roots, options.logger) : scanKnowledge(knowledgeDir, options.logger);
    progress({ phase: 'scan', done: files.length, total: files.length });
    const embedderId = configuredEmbedderId(config, options.offline);
    previous = options.full ? undefined : openPrevious(dataDir, embedderId);
    const sameEmbedder = previous?.manifest.embedder.id === embedderId;
    const reuseVectors = sameEmbedder && embedderId.startsWith('openai:') ? previous?.vectors : undefined;
    run = new IngestRun(dataDir, previous, reuseVectors, problems, options.logger);
    for (const [i, f] of files.entries()) {
      progress({ phase: 'load', done: i, total: files.length, file: f.source });
      await run.add(f);
    }
    progress({ phase: 'load', done: files.length, total: files.length });
    const fingerprint = fingerprintOf(embedderId, run.fileEntries, run.accessRuns);
    const summary = (indexDir: string, upToDate: boolean): IngestSummary => ({
      files: files.length,
      chunks: run?.chunkCount ?? 0,
      skipped: run?.skipped ?? 0,
      changed: run?.changed ?? 0,
      removed: previous ? Object.keys(previous.manifest.files).filter((s) => !(s in (run?.fileEntries ?? {}))).length : 0,
      failed: run?.failed ?? [],
      seconds: (performance.now() - started) / 1000,
      bytes: run?.bytes ?? 0,
      upToDate,
      embedder: embedderId,
      indexDir,
    });
    if (previous && sameEmbedder && previous.manifest.fingerprint === fingerprint) return summary(previous.dir, true);
    const dir = await writeVersion(config, run, { fingerprint, reuse: sameEmbedder ? previous : undefined, options, progress });
    await options.beforeSwap?.();
    const finalDir = publish(dataDir, dir);
    published = true;
    pruneVersions(dataDir, [finalDir, ...(previous ? [previous.dir] : [])]);
    progress({ phase: 'write', done: 1, total: 1 });
    return summary(finalDir, false);
  } finally {
    previous?.store.close();
    previous?.vectors?.close();
    run?.dispose(published);
    release();
  }
}

/** Embeds and indexes the run's chunks in its new version folder, writes the manifest, and checks the version opens. */
async function writeVersion(
  config: Config,
  run: IngestRun,
  how: { fingerprint: string; reuse: Previous | undefined; options: IngestOptions; progress: (p: IngestProgress) => void },
): Promise<string> {
  const w = run.open();
  const dir = run.dir;
  const embedder = embedderForIngest(config, { count: w.count, text: (n) => indexText(w.chunk(n)) }, how.options.offline);
  const built = await buildIndex(dir, w, embedder, embedder.stable ? how.reuse?.vectors : undefined, (p) => how.progress(p));
  saveEmbedder(embedder, dir);
  const manifest: Manifest = {
    format: 2,
    embedder: { id: embedder.id, dimension: built.dimension },
    builtAt: Date.now(),
    fingerprint: how.fingerprint,
    chunkCount: w.count,
    documentCount: w.docCount,
    files: run.fileEntries,
    failed: run.failedEntries,
    hnsw: HNSW_PARAMS,
    tokens: built.tokens,
  };
  run.closeWriter();
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest, null, 1));
  verifyOpens(config, dir);
  return dir;
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
