import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { IndexUnavailableError } from '../errors.js';

/**
 * On-disk layout under KIKI_DATA_DIR/index:
 *   CURRENT            {"version":"v-…"}: replaced by rename, so readers see the old or the new index, never half
 *   v-<time>-<rand>/   manifest.json, index.db (chunks, documents, term dictionary), vectors.f32, hnsw.bin,
 *                      chunks.post / docs.post (BM25 postings), chunks.len / docs.len, embedder.*
 *                      (docs/index-format.md describes each file)
 *   .tmp-…/            an ingest in progress (removed by the next ingest if it was killed)
 */
export const INDEX_FOLDER = 'index';
const CURRENT = 'CURRENT';
export const VERSION_NAME = /^v-[\w-]+$/;

export const manifestSchema = z.object({
  format: z.literal(2),
  embedder: z.object({ id: z.string(), dimension: z.number().int().nonnegative() }),
  builtAt: z.number(),
  fingerprint: z.string(),
  chunkCount: z.number().int().nonnegative(),
  files: z.record(
    z.string(),
    z.object({ hash: z.string(), bytes: z.number(), chunks: z.number().int(), access: z.array(z.string()).optional() }),
  ),
  failed: z.array(z.object({ source: z.string(), reason: z.string(), hash: z.string().optional() })),
  hnsw: z.object({ m: z.number().int(), efConstruction: z.number().int() }),
  documentCount: z.number().int().nonnegative(),
  /** Tokens over all chunks and over all documents: BM25's average lengths, summed as the old index did. */
  tokens: z.object({ chunks: z.number().nonnegative(), documents: z.number().nonnegative() }),
});
export type Manifest = z.output<typeof manifestSchema>;

export function indexRoot(dataDir: string): string {
  return path.join(dataDir, INDEX_FOLDER);
}

export function currentPointerFile(dataDir: string): string {
  return path.join(indexRoot(dataDir), CURRENT);
}

/** The folder of the index in use, or undefined when nothing was ingested yet. */
export function currentVersionDir(dataDir: string): string | undefined {
  let raw: string;
  try {
    raw = fs.readFileSync(currentPointerFile(dataDir), 'utf8');
  } catch {
    return undefined;
  }
  const parsed = z.object({ version: z.string().regex(VERSION_NAME) }).safeParse(safeJson(raw));
  if (!parsed.success) throw new IndexUnavailableError(`${currentPointerFile(dataDir)} is damaged; run "kiki ingest" to rebuild the index`);
  return path.join(indexRoot(dataDir), parsed.data.version);
}

export function readManifest(dir: string): Manifest {
  const file = path.join(dir, 'manifest.json');
  const parsed = manifestSchema.safeParse(safeJson(readText(file)));
  if (!parsed.success) throw new IndexUnavailableError(`${file} is not a valid index manifest; run "kiki ingest" to rebuild the index`);
  return parsed.data;
}

/**
 * Reads of index files larger than this are refused: a string or Buffer of a whole chunk-sized file would hit
 * V8's limits (512 MB strings, ~2 GB buffers) as the corpus grows. Files that scale with the corpus are read
 * in ranges of at most this size (readRange); only small files (manifest, model) are read whole (readText).
 * Tests lower it to prove that nothing that grows with the corpus is read in one piece.
 */
export const readLimits = { maxBytes: 256 * 1024 * 1024 };

/** A whole small file as text; refuses, like V8 would past its string limit, a file over readLimits.maxBytes. */
export function readText(file: string): string {
  const size = fs.statSync(file).size;
  if (size > readLimits.maxBytes)
    throw new IndexUnavailableError(`${file} is ${size} bytes, more than the ${readLimits.maxBytes} read at once; re-ingest`);
  return fs.readFileSync(file, 'utf8');
}

/** Fills `target` from `fd` at byte `position`, in pieces of at most readLimits.maxBytes. */
export function readRange(fd: number, target: ArrayBufferView, position: number): void {
  const bytes = new Uint8Array(target.buffer, target.byteOffset, target.byteLength);
  let done = 0;
  while (done < bytes.length) {
    const n = fs.readSync(fd, bytes, done, Math.min(bytes.length - done, readLimits.maxBytes), position + done);
    if (n === 0) throw new IndexUnavailableError('an index file is shorter than its manifest says; re-ingest');
    done += n;
  }
}

/** Appends typed arrays to a file through one buffer, so many small writes cost few system calls. */
export class BufferedWriter {
  private readonly fd: number;
  private readonly buf = Buffer.allocUnsafe(1 << 22);
  private used = 0;
  /** Bytes written so far (flushed or not): the offset of the next write. */
  position = 0;

  constructor(file: string) {
    this.fd = fs.openSync(file, 'w');
  }

  write(data: ArrayBufferView): void {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    this.position += bytes.length;
    if (bytes.length > this.buf.length - this.used) this.flush();
    if (bytes.length > this.buf.length) fs.writeSync(this.fd, bytes);
    else {
      this.buf.set(bytes, this.used);
      this.used += bytes.length;
    }
  }

  flush(): void {
    if (this.used > 0) fs.writeSync(this.fd, this.buf, 0, this.used);
    this.used = 0;
  }

  close(): void {
    this.flush();
    fs.fsyncSync(this.fd);
    fs.closeSync(this.fd);
  }
}

/** Makes `versionDir` the current index: rename the folder into place, then swap CURRENT by rename. */
export function publish(dataDir: string, tmpDir: string, version = newVersionName()): string {
  const root = indexRoot(dataDir);
  const finalDir = path.join(root, version);
  fsyncDir(tmpDir);
  fs.renameSync(tmpDir, finalDir);
  pointTo(dataDir, version);
  return finalDir;
}

/** Names `version` (a folder under index/) in CURRENT, by rename. */
export function pointTo(dataDir: string, version: string): void {
  const root = indexRoot(dataDir);
  const pointerTmp = path.join(root, `${CURRENT}.${process.pid}.tmp`);
  fs.writeFileSync(pointerTmp, JSON.stringify({ version }));
  const fd = fs.openSync(pointerTmp, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(pointerTmp, currentPointerFile(dataDir));
  fsyncDir(root);
}

/** A version's folder name; a fleet's replicas install a published version under the name it was built with. */
export function newVersionName(): string {
  return `v-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Keeps the current and the previous version (a running bot may still be switching), removes the rest. */
export function pruneVersions(dataDir: string, keep: string[]): void {
  const root = indexRoot(dataDir);
  const keepNames = new Set(keep.map((k) => path.basename(k)));
  for (const name of fs.readdirSync(root)) {
    if (name.startsWith('v-') && !keepNames.has(name)) fs.rmSync(path.join(root, name), { recursive: true, force: true });
  }
}

/** Leftovers of an ingest that was killed; only called while holding the ingest lock. */
export function removeStaleTemp(dataDir: string): void {
  const root = indexRoot(dataDir);
  if (!fs.existsSync(root)) return;
  for (const name of fs.readdirSync(root)) {
    if (name.startsWith('.tmp-') || name.endsWith('.tmp')) fs.rmSync(path.join(root, name), { recursive: true, force: true });
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
  } catch {
    // Some filesystems refuse to fsync a directory; the rename is still atomic.
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
