import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config.js';
import { EmbedderError, ErrorCode, IngestBusyError, isKikiError, KikiError } from '../errors.js';
import type { Logger } from '../logger.js';
import { combineAccess, readFolderRule } from './access.js';
import { type Chunk, chunkDocument, indexText } from './chunker.js';
import { configuredEmbedderId, embedderForIngest, type OfflineKind, saveEmbedder } from './embedders/index.js';
import {
  currentVersionDir,
  indexRoot,
  type Manifest,
  pruneVersions,
  publish,
  readChunks,
  readManifest,
  readVectors,
  removeStaleTemp,
  writeChunks,
  writeVectors,
} from './index-files.js';
import { isSupported, LoadError, loadDocument } from './loaders/index.js';
import { HNSW_PARAMS, SearchIndex } from './search-index.js';

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
  /** Test hook: called after the new index is fully written, just before it is swapped in. */
  beforeSwap?: () => void | Promise<void>;
}

export interface IngestRoot {
  dir: string;
  /** Put before every source path, e.g. "wiki/". */
  prefix: string;
  /** Departments allowed for the whole folder (a source's `access:`); undefined means everyone. */
  access?: string[] | undefined;
}

interface FoundFile {
  abs: string;
  source: string;
  access: string[] | undefined;
}

/** Walks KNOWLEDGE_DIR: skips names starting with "." or "_" and folders whose _access.yml says index: false. */
export function scanKnowledge(
  root: string,
  logger?: Logger,
  rootAccess?: string[],
): { files: FoundFile[]; problems: { source: string; reason: string }[] } {
  const files: FoundFile[] = [];
  const problems: { source: string; reason: string }[] = [];
  const walk = (dir: string, inherited: string[] | undefined) => {
    let rule: ReturnType<typeof readFolderRule>;
    try {
      rule = readFolderRule(dir);
    } catch (error) {
      const source = rel(root, path.join(dir, '_access.yml'));
      logger?.warn({ err: error, source }, 'ingest: folder rule unreadable, folder skipped');
      const reason = isKikiError(error) ? error.userMessage.split(': ').slice(1).join(': ') : 'cannot be read';
      problems.push({ source, reason: `${reason}; folder skipped` });
      return;
    }
    if (rule && !rule.index) return;
    const access = combineAccess(inherited, rule?.access);
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name.startsWith('.') || entry.name.startsWith('_')) continue;
      const abs = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(abs, access);
      else if (entry.isFile()) files.push({ abs, source: rel(root, abs), access });
    }
  };
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    throw new KikiError(ErrorCode.NotFound, `KNOWLEDGE_DIR ${root} does not exist or is not a folder`);
  }
  walk(root, rootAccess);
  return { files, problems };
}

/** Every root scanned, its files' sources prefixed; a root that is missing is one problem, not a failed ingest. */
function scanRoots(roots: IngestRoot[], logger?: Logger): ReturnType<typeof scanKnowledge> {
  const files: FoundFile[] = [];
  const problems: { source: string; reason: string }[] = [];
  for (const r of roots) {
    if (!fs.existsSync(r.dir)) {
      problems.push({ source: r.prefix, reason: 'not synced yet (run kiki sync)' });
      continue;
    }
    const found = scanKnowledge(r.dir, logger, r.access);
    files.push(...found.files.map((f) => ({ ...f, source: r.prefix + f.source })));
    problems.push(...found.problems.map((p) => ({ ...p, source: r.prefix + p.source })));
  }
  return { files, problems };
}

function rel(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join('/');
}

/**
 * Builds a new index version beside the current one and swaps it in by rename. Unchanged files (same
 * content hash) reuse their chunks; the run always completes, listing every unreadable file with a reason.
 */
export async function ingest(config: Config, options: IngestOptions = {}): Promise<IngestSummary> {
  const started = performance.now();
  const knowledgeDir = options.knowledgeDir ?? config.KNOWLEDGE_DIR;
  const dataDir = options.dataDir ?? config.KIKI_DATA_DIR;
  const progress = options.onProgress ?? (() => {});
  fs.mkdirSync(indexRoot(dataDir), { recursive: true });
  const release = acquireLock(dataDir);
  try {
    removeStaleTemp(dataDir);
    const { files, problems } = options.roots ? scanRoots(options.roots, options.logger) : scanKnowledge(knowledgeDir, options.logger);
    progress({ phase: 'scan', done: files.length, total: files.length });
    const previous = options.full ? undefined : readPrevious(dataDir);
    const embedderId = configuredEmbedderId(config, options.offline);
    const sameEmbedder = previous?.manifest.embedder.id === embedderId;

    const chunks: Chunk[] = [];
    const failed = [...problems];
    const fileEntries: Manifest['files'] = {};
    const failedEntries: Manifest['failed'] = problems.map((p) => ({ ...p }));
    let skipped = 0;
    let changed = 0;
    let bytes = 0;
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
      if (before?.hash === hash) {
        const reused = previous?.bySource.get(f.source) ?? [];
        const access = combineAccess(f.access, before.access);
        for (const c of reused) chunks.push(withAccess(c, access));
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
        chunks.push(...docChunks);
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
    const fingerprint = createHash('sha256')
      .update(embedderId)
      .update(JSON.stringify(Object.entries(fileEntries).map(([s, e]) => [s, e.hash])))
      .update(JSON.stringify(chunks.map((c) => c.access ?? null)))
      .digest('hex');
    const summary = (indexDir: string, upToDate: boolean): IngestSummary => ({
      files: files.length,
      chunks: chunks.length,
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

    const texts = chunks.map(indexText);
    const embedder = embedderForIngest(config, texts, options.offline);
    const reuse = embedder.stable && sameEmbedder ? previous?.vectorsById : undefined;
    const todo = reuse ? chunks.map((c, i) => (reuse.has(c.id) ? -1 : i)).filter((i) => i >= 0) : chunks.map((_, i) => i);
    progress({ phase: 'embed', done: 0, total: todo.length });
    let fresh: Float32Array[];
    try {
      fresh = await embedder.embedDocuments(
        todo.map((i) => texts[i] ?? ''),
        (done) => progress({ phase: 'embed', done, total: todo.length }),
      );
    } catch (error) {
      const why = isKikiError(error) ? error.userMessage : 'the embedding model did not answer (details in the log)';
      throw new EmbedderError(`embedding failed (${why}); the previous index is still in use`, { cause: error });
    }
    const dimension = embedder.dimension || (fresh[0]?.length ?? 0);
    const vectors = new Float32Array(chunks.length * dimension);
    for (const [j, chunkIndex] of todo.entries()) {
      const v = fresh[j];
      if (v) vectors.set(v, chunkIndex * dimension);
    }
    if (reuse) {
      for (const [i, c] of chunks.entries()) {
        const v = reuse.get(c.id);
        if (v) vectors.set(v, i * dimension);
      }
    }

    progress({ phase: 'index', done: 0, total: chunks.length });
    const hnsw = SearchIndex.buildHnsw(vectors, chunks.length, dimension);
    progress({ phase: 'write', done: 0, total: 1 });
    const tmp = fs.mkdtempSync(path.join(indexRoot(dataDir), '.tmp-'));
    writeChunks(tmp, chunks);
    writeVectors(tmp, vectors);
    hnsw.writeIndexSync(path.join(tmp, 'hnsw.bin'));
    saveEmbedder(embedder, tmp);
    const manifest: Manifest = {
      format: 1,
      embedder: { id: embedder.id, dimension },
      builtAt: Date.now(),
      fingerprint,
      chunkCount: chunks.length,
      files: fileEntries,
      failed: failedEntries,
      hnsw: HNSW_PARAMS,
    };
    fs.writeFileSync(path.join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 1));
    await options.beforeSwap?.();
    const finalDir = publish(dataDir, tmp);
    pruneVersions(dataDir, [finalDir, ...(previous ? [previous.dir] : [])]);
    progress({ phase: 'write', done: 1, total: 1 });
    return summary(finalDir, false);
  } finally {
    release();
  }
}

/** Folder rules may have changed since the chunk was made: today's rules and the document's own list apply. */
function withAccess(c: Chunk, access: string[] | undefined): Chunk {
  const { access: _, ...rest } = c;
  return access ? { ...rest, access } : rest;
}

function readPrevious(dataDir: string) {
  let dir: string | undefined;
  try {
    dir = currentVersionDir(dataDir);
  } catch {
    return undefined;
  }
  if (!dir) return undefined;
  try {
    const manifest = readManifest(dir);
    const chunks = readChunks(dir);
    const bySource = new Map<string, Chunk[]>();
    for (const c of chunks) {
      let list = bySource.get(c.source);
      if (!list) {
        list = [];
        bySource.set(c.source, list);
      }
      list.push(c);
    }
    let vectorsById: Map<string, Float32Array> | undefined;
    if (manifest.embedder.id.startsWith('openai:')) {
      const vectors = readVectors(dir, chunks.length, manifest.embedder.dimension);
      const d = manifest.embedder.dimension;
      vectorsById = new Map(chunks.map((c, i) => [c.id, vectors.subarray(i * d, (i + 1) * d)]));
    }
    return { dir, manifest, bySource, vectorsById };
  } catch {
    return undefined; // a damaged previous index is rebuilt from scratch
  }
}

/** One ingest at a time per data folder; a lock left by a killed process is taken over. */
function acquireLock(dataDir: string): () => void {
  const file = path.join(indexRoot(dataDir), 'ingest.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const pid = Number(fs.readFileSync(file, 'utf8'));
      if (pid && pid !== process.pid && isAlive(pid)) {
        throw new IngestBusyError(`another ingest is running (process ${pid}); wait for it to finish`);
      }
      fs.rmSync(file, { force: true });
    }
  }
  throw new IngestBusyError(`could not lock ${file}; another ingest may have just started`);
}

/** A file-system failure in words: its errno code is for the log, not for the summary. */
function unreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read: permission denied';
  if (code === 'ENOENT') return 'disappeared while indexing';
  if (code === 'EISDIR') return 'is a folder, not a file';
  return 'cannot be read';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
