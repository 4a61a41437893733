import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Logger } from '../logger.js';
import { combineAccess } from './access.js';
import type { ChunkStore } from './chunk-store.js';
import { ChunkStoreWriter } from './chunk-store.js';
import { type Chunk, chunkDocument } from './chunker.js';
import { indexRoot, type Manifest } from './index-files.js';
import { type FoundFile, unreadable } from './knowledge-files.js';
import { isSupported, LoadError, loadDocument } from './loaders/index.js';
import type { VectorFile } from './vectors.js';

/** The index version being replaced: unchanged files reuse its chunks (and, with the same model, its vectors). */
export interface Previous {
  dir: string;
  manifest: Manifest;
  store: ChunkStore;
  vectors: VectorFile | undefined;
}

/**
 * One ingest's reading of the knowledge files: what each file gave (chunks, reused or failed), the counts of the
 * summary, and the new version's writer, opened at the first change (an index that changes nothing writes nothing).
 */
export class IngestRun {
  readonly failed: { source: string; reason: string }[];
  readonly failedEntries: Manifest['failed'];
  readonly fileEntries: Manifest['files'] = {};
  /** Per document, its access list as JSON and its chunk count: the fingerprint, without holding the chunks. */
  readonly accessRuns: [string, number][] = [];
  skipped = 0;
  changed = 0;
  bytes = 0;
  chunkCount = 0;
  /** Unchanged files met before the first changed one: written only if the index turns out to need a rebuild. */
  private readonly pending: { source: string; access: string[] | undefined }[] = [];
  private writer: ChunkStoreWriter | undefined;
  private tmp: string | undefined;

  constructor(
    private readonly dataDir: string,
    private readonly previous: Previous | undefined,
    private readonly reuseVectors: VectorFile | undefined,
    problems: { source: string; reason: string }[],
    private readonly logger?: Logger,
  ) {
    this.failed = [...problems];
    this.failedEntries = problems.map((p) => ({ ...p }));
  }

  /** The new version's folder (once opened). */
  get dir(): string {
    return this.tmp ?? '';
  }

  /** The new version's writer, with the unchanged files met so far copied in first. */
  open(): ChunkStoreWriter {
    if (!this.writer) {
      this.tmp = fs.mkdtempSync(path.join(indexRoot(this.dataDir), '.tmp-'));
      this.writer = new ChunkStoreWriter(this.tmp);
      for (const p of this.pending) this.copyReused(this.writer, p.source, p.access);
      this.pending.length = 0;
    }
    return this.writer;
  }

  closeWriter(): void {
    this.writer?.close();
    this.writer = undefined;
  }

  /** After the run: the writer closed, and the new folder removed unless it was published. */
  dispose(published: boolean): void {
    this.closeWriter();
    if (this.tmp && !published) fs.rmSync(this.tmp, { recursive: true, force: true });
  }

  /** Reads one knowledge file: unsupported or unreadable (listed), unchanged (reused), failed before, or indexed. */
  async add(f: FoundFile): Promise<void> {
    if (!isSupported(f.abs)) return this.fail(f.source, `unsupported file type "${path.extname(f.abs) || '(none)'}"`);
    let content: Buffer;
    try {
      content = fs.readFileSync(f.abs);
    } catch (error) {
      this.logger?.warn({ err: error, source: f.source }, 'ingest: file unreadable');
      return this.fail(f.source, unreadable(error));
    }
    this.bytes += content.length;
    const hash = createHash('sha256').update(content).digest('hex');
    const before = this.previous?.manifest.files[f.source];
    if (before?.hash === hash && this.previous) return this.reuse(f, before, content.length);
    const failedBefore = this.previous?.manifest.failed.find((x) => x.source === f.source && x.hash === hash);
    if (failedBefore) {
      this.failed.push({ source: f.source, reason: failedBefore.reason });
      this.failedEntries.push(failedBefore);
      this.skipped++;
      return;
    }
    this.changed++;
    await this.index(f, content, hash);
  }

  private fail(source: string, reason: string, hash?: string): void {
    this.failed.push({ source, reason });
    this.failedEntries.push({ source, reason, ...(hash ? { hash } : {}) });
  }

  /** An unchanged file: its chunks come from the previous version, with today's folder rules. */
  private reuse(f: FoundFile, before: Manifest['files'][string], bytes: number): void {
    const previous = this.previous;
    if (!previous) return;
    const access = combineAccess(f.access, before.access);
    const d = previous.store.docBySource(f.source);
    const count = d === undefined ? 0 : (previous.store.docFirst[d + 1] ?? 0) - (previous.store.docFirst[d] ?? 0);
    if (count > 0) this.accessRuns.push([JSON.stringify(access ?? null), count]);
    this.chunkCount += count;
    if (this.writer) this.copyReused(this.writer, f.source, access);
    else this.pending.push({ source: f.source, access });
    this.fileEntries[f.source] = { ...before, bytes };
    this.skipped++;
  }

  /** A new or changed file: loaded, chunked and written; a file that cannot be read is listed with a reason. */
  private async index(f: FoundFile, content: Buffer, hash: string): Promise<void> {
    try {
      const doc = await loadDocument(content, f.abs);
      const access = combineAccess(f.access, doc.access);
      const docChunks = chunkDocument(doc, f.source, access);
      const previous = this.previous;
      this.open().addDocument(docChunks, this.reuseVectors && previous ? previousNumbers(previous, f.source, docChunks) : undefined);
      if (docChunks.length > 0) this.accessRuns.push([JSON.stringify(access ?? null), docChunks.length]);
      this.chunkCount += docChunks.length;
      this.fileEntries[f.source] = { hash, bytes: content.length, chunks: docChunks.length, ...(doc.access ? { access: doc.access } : {}) };
    } catch (error) {
      this.logger?.warn({ err: error, source: f.source }, 'ingest: document not indexed');
      this.fail(f.source, error instanceof LoadError ? error.message : 'could not be read', hash);
    }
  }

  private copyReused(w: ChunkStoreWriter, source: string, access: string[] | undefined): void {
    const previous = this.previous;
    const d = previous?.store.docBySource(source);
    if (d === undefined || !previous) return;
    const first = previous.store.docFirst[d] ?? 0;
    const reused = previous.store.documentChunks(d).map((c) => withAccess(c, access));
    w.addDocument(
      reused,
      reused.map((_, i) => (this.reuseVectors ? first + i : undefined)),
    );
  }
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
