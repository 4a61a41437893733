import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { IndexUnavailableError } from '../errors.js';
import type { Chunk } from './chunker.js';

/**
 * On-disk layout under KIKI_DATA_DIR/index:
 *   CURRENT            {"version":"v-…"}: replaced by rename, so readers see the old or the new index, never half
 *   v-<time>-<rand>/   manifest.json, chunks.jsonl, vectors.f32, hnsw.bin, embedder.*
 *   .tmp-…/            an ingest in progress (removed by the next ingest if it was killed)
 */
export const INDEX_FOLDER = 'index';
const CURRENT = 'CURRENT';

export const manifestSchema = z.object({
  format: z.literal(1),
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
  const parsed = z.object({ version: z.string().regex(/^v-[\w-]+$/) }).safeParse(safeJson(raw));
  if (!parsed.success) throw new IndexUnavailableError(`${currentPointerFile(dataDir)} is damaged; run "kiki ingest" to rebuild the index`);
  return path.join(indexRoot(dataDir), parsed.data.version);
}

export function readManifest(dir: string): Manifest {
  const file = path.join(dir, 'manifest.json');
  const parsed = manifestSchema.safeParse(safeJson(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new IndexUnavailableError(`${file} is not a valid index manifest; run "kiki ingest" to rebuild the index`);
  return parsed.data;
}

export function readChunks(dir: string): Chunk[] {
  const text = fs.readFileSync(path.join(dir, 'chunks.jsonl'), 'utf8');
  const chunks: Chunk[] = [];
  for (const line of text.split('\n')) if (line) chunks.push(JSON.parse(line) as Chunk);
  return chunks;
}

export function readVectors(dir: string, count: number, dimension: number): Float32Array {
  const bytes = fs.readFileSync(path.join(dir, 'vectors.f32'));
  if (bytes.byteLength !== count * dimension * 4)
    throw new IndexUnavailableError(`${dir}/vectors.f32 does not match the manifest; re-ingest`);
  return new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

export function writeChunks(dir: string, chunks: Chunk[]): void {
  const fd = fs.openSync(path.join(dir, 'chunks.jsonl'), 'w');
  try {
    let buf = '';
    for (const c of chunks) {
      buf += `${JSON.stringify(c)}\n`;
      if (buf.length > 1 << 20) {
        fs.writeSync(fd, buf);
        buf = '';
      }
    }
    fs.writeSync(fd, buf);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

export function writeVectors(dir: string, vectors: Float32Array): void {
  fs.writeFileSync(path.join(dir, 'vectors.f32'), Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength));
}

/** Makes `versionDir` the current index: rename the folder into place, then swap CURRENT by rename. */
export function publish(dataDir: string, tmpDir: string): string {
  const root = indexRoot(dataDir);
  const version = `v-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
  const finalDir = path.join(root, version);
  fsyncDir(tmpDir);
  fs.renameSync(tmpDir, finalDir);
  const pointerTmp = path.join(root, `${CURRENT}.${process.pid}.tmp`);
  fs.writeFileSync(pointerTmp, JSON.stringify({ version }));
  const fd = fs.openSync(pointerTmp, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(pointerTmp, currentPointerFile(dataDir));
  fsyncDir(root);
  return finalDir;
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
