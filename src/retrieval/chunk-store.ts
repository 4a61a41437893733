import path from 'node:path';
import SQLite from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import { IndexUnavailableError } from '../errors.js';
import type { Chunk } from './chunker.js';

/**
 * Chunk text and metadata of one index version in SQLite (index.db), read a row at a time: opening costs the
 * document table (a few bytes per document), not the corpus. Chunks are numbered in ingest order, and the
 * chunks of one document are consecutive, so a document is a range [first, first + count).
 */
export const INDEX_DB = 'index.db';
/** Chunks kept parsed after a read (~2 KB each): the passages of recent questions and their documents. */
const CACHE_CHUNKS = 16_384;

const SCHEMA = `
CREATE TABLE chunks (n INTEGER PRIMARY KEY, body TEXT NOT NULL, prev INTEGER);
CREATE TABLE docs (d INTEGER PRIMARY KEY, source TEXT NOT NULL UNIQUE, url TEXT, first INTEGER NOT NULL, count INTEGER NOT NULL, grp INTEGER NOT NULL);
CREATE TABLE groups (g INTEGER PRIMARY KEY, access TEXT);
CREATE TABLE terms (field INTEGER NOT NULL, term TEXT NOT NULL, df INTEGER NOT NULL, offset INTEGER NOT NULL, PRIMARY KEY (field, term)) WITHOUT ROWID;
`;

/** Writes the chunk store of a new index version, in transactions of a few thousand rows. */
export class ChunkStoreWriter {
  readonly db: SQLite.Database;
  count = 0;
  docCount = 0;
  /** First chunk of each document written so far. */
  readonly docFirsts: number[] = [];
  private readonly groups = new Map<string, number>();
  private readonly insertChunk: SQLite.Statement<[number, string, number | null]>;
  private readonly insertDoc: SQLite.Statement<[number, string, string | null, number, number, number]>;
  private readonly insertGroup: SQLite.Statement<[number, string | null]>;
  private readonly getChunk: SQLite.Statement<[number], { body: string }>;
  private pending = 0;

  constructor(dir: string) {
    this.db = new SQLite(path.join(dir, INDEX_DB));
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.db.exec(SCHEMA);
    this.insertChunk = this.db.prepare('INSERT INTO chunks (n, body, prev) VALUES (?, ?, ?)');
    this.insertDoc = this.db.prepare('INSERT INTO docs (d, source, url, first, count, grp) VALUES (?, ?, ?, ?, ?, ?)');
    this.insertGroup = this.db.prepare('INSERT INTO groups (g, access) VALUES (?, ?)');
    this.getChunk = this.db.prepare('SELECT body FROM chunks WHERE n = ?');
    this.db.exec('BEGIN');
  }

  /** Appends one document's chunks; `prev` is, per chunk, its number in the previous version when its vector is reused. */
  addDocument(chunks: Chunk[], prev?: (number | undefined)[]): void {
    const head = chunks[0];
    if (!head) return;
    const key = head.access ? JSON.stringify(head.access.map((a) => a.toLowerCase()).sort()) : '*';
    let g = this.groups.get(key);
    if (g === undefined) {
      g = this.groups.size;
      this.groups.set(key, g);
      this.insertGroup.run(g, head.access ? JSON.stringify(head.access) : null);
    }
    this.docFirsts.push(this.count);
    this.insertDoc.run(this.docCount++, head.source, head.url ?? null, this.count, chunks.length, g);
    for (const [i, c] of chunks.entries()) this.insertChunk.run(this.count++, JSON.stringify(c), prev?.[i] ?? null);
    this.pending += chunks.length;
    if (this.pending > 5000) {
      this.db.exec('COMMIT; BEGIN');
      this.pending = 0;
    }
  }

  /** Every chunk in order, in pages, while the store is still being written (the embedding pass reads it). */
  *iterate(): Generator<{ n: number; chunk: Chunk; prev: number | null }> {
    this.db.exec('COMMIT; BEGIN');
    const page = this.db.prepare<[number, number], { n: number; body: string; prev: number | null }>(
      'SELECT n, body, prev FROM chunks WHERE n >= ? ORDER BY n LIMIT ?',
    );
    for (let from = 0; from < this.count; from += 2000) {
      for (const row of page.all(from, 2000)) yield { n: row.n, chunk: JSON.parse(row.body) as Chunk, prev: row.prev };
    }
  }

  chunk(n: number): Chunk {
    const row = this.getChunk.get(n);
    if (!row) throw new Error(`chunk ${n} is missing`);
    return JSON.parse(row.body) as Chunk;
  }

  close(): void {
    this.db.exec('COMMIT');
    this.db.close();
  }
}

/** The read side: one row per chunk on demand, a small cache of the chunks read last. */
export class ChunkStore {
  readonly count: number;
  readonly docCount: number;
  /** First chunk of each document, and the chunk count as a last entry. */
  readonly docFirst: Int32Array;
  readonly docGroup: Int32Array;
  /** Access list of each group of documents (undefined: everyone). */
  readonly groups: (string[] | undefined)[];
  private readonly cache = new LRUCache<number, Chunk>({ max: CACHE_CHUNKS });
  private readonly getChunk: SQLite.Statement<[number], { body: string }>;
  private readonly getDoc: SQLite.Statement<[string], { d: number }>;
  private readonly getRange: SQLite.Statement<[number, number], { n: number; body: string }>;

  private constructor(readonly db: SQLite.Database) {
    this.getChunk = db.prepare('SELECT body FROM chunks WHERE n = ?');
    this.getDoc = db.prepare('SELECT d FROM docs WHERE source = ?');
    this.getRange = db.prepare('SELECT n, body FROM chunks WHERE n >= ? AND n < ? ORDER BY n');
    const docs = db.prepare<[], [number, number, number]>('SELECT first, count, grp FROM docs ORDER BY d').raw().all();
    this.docCount = docs.length;
    this.docFirst = new Int32Array(docs.length + 1);
    this.docGroup = new Int32Array(docs.length);
    let end = 0;
    docs.forEach(([first, count, grp], d) => {
      if (first !== end) throw new IndexUnavailableError(`${db.name}: documents are not consecutive; re-ingest`);
      this.docFirst[d] = first;
      this.docGroup[d] = grp;
      end = first + count;
    });
    this.docFirst[docs.length] = end;
    this.count = end;
    this.groups = db
      .prepare<[], { access: string | null }>('SELECT access FROM groups ORDER BY g')
      .all()
      .map((r) => (r.access ? (JSON.parse(r.access) as string[]) : undefined));
  }

  static open(dir: string): ChunkStore {
    let db: SQLite.Database;
    try {
      db = new SQLite(path.join(dir, INDEX_DB), { readonly: true, fileMustExist: true });
    } catch (error) {
      throw new IndexUnavailableError(`${dir}/${INDEX_DB} cannot be opened; re-ingest`, { cause: error });
    }
    return new ChunkStore(db);
  }

  chunk(n: number): Chunk {
    const c = this.cache.get(n);
    if (c) return c;
    const row = this.getChunk.get(n);
    if (!row) throw new IndexUnavailableError(`chunk ${n} is missing from ${this.db.name}; re-ingest`);
    return this.remember(n, row.body);
  }

  private remember(n: number, body: string): Chunk {
    const c = JSON.parse(body) as Chunk;
    this.cache.set(n, c);
    return c;
  }

  /** Reads the chunks not cached yet in one statement: a search looks at its candidates one by one next. */
  prefetch(ids: Iterable<number>): void {
    const missing = [...new Set(ids)].filter((n) => !this.cache.has(n)).slice(0, 500);
    if (missing.length < 2) return;
    const rows = this.db
      .prepare<number[], { n: number; body: string }>(`SELECT n, body FROM chunks WHERE n IN (${missing.map(() => '?').join(',')})`)
      .all(...missing);
    for (const r of rows) this.remember(r.n, r.body);
  }

  /** The chunks of one document, in order, read as one range. */
  documentChunks(d: number): Chunk[] {
    const first = this.docFirst[d]!;
    const end = this.docFirst[d + 1]!;
    const out: Chunk[] = [];
    let cached = true;
    for (let n = first; n < end && cached; n++) cached = this.cache.has(n);
    if (!cached) for (const r of this.getRange.all(first, end)) this.remember(r.n, r.body);
    for (let n = first; n < end; n++) out.push(this.chunk(n));
    return out;
  }

  docOf(n: number): number {
    let lo = 0;
    let hi = this.docCount - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.docFirst[mid]! <= n) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  docBySource(source: string): number | undefined {
    return this.getDoc.get(source)?.d;
  }

  /** Every document's source, link and access list. */
  *documents(): Generator<{ source: string; url: string | undefined; access: string[] | undefined }> {
    const rows = this.db.prepare<[], { source: string; url: string | null; grp: number }>('SELECT source, url, grp FROM docs ORDER BY d');
    for (const r of rows.iterate()) yield { source: r.source, url: r.url ?? undefined, access: this.groups[r.grp] };
  }

  /** Every chunk in order (tests, evaluations): read a page at a time. */
  *all(): Generator<Chunk> {
    const page = this.db.prepare<[number, number], { body: string }>('SELECT body FROM chunks WHERE n >= ? ORDER BY n LIMIT ?');
    for (let from = 0; from < this.count; from += 2000) for (const row of page.all(from, 2000)) yield JSON.parse(row.body) as Chunk;
  }

  close(): void {
    this.db.close();
  }
}
