import fs from 'node:fs';
import path from 'node:path';
import type SQLite from 'better-sqlite3';
import { LRUCache } from 'lru-cache';
import { BufferedWriter, readRange } from './index-files.js';

/**
 * BM25 postings on disk. `<name>.post` holds, per term, its chunk numbers (Int32, ascending) then its term
 * frequencies (Uint16); `<name>.len` the token count of every entry (Float32); the term dictionary (document
 * frequency, byte offset) is the `terms` table of index.db. A query reads the postings of its own terms only,
 * and keeps the last ones read in a cache bounded in bytes.
 */
export const FIELD_CHUNKS = 0;
export const FIELD_DOCS = 1;

export interface Postings {
  ids: Int32Array;
  tfs: Uint16Array;
}

/** What BM25 needs from an index: corpus statistics, lengths and the postings of a term. */
export interface PostingSource {
  readonly size: number;
  readonly totalLength: number;
  readonly lengths: Float32Array;
  df(term: string): number;
  postings(term: string): Postings | undefined;
}

interface RunTerm {
  term: string;
  df: number;
}

/**
 * Builds postings in bounded memory (single-pass in-memory indexing, Heinz & Zobel 2003): postings gather in
 * memory until `budget` of them, then go to a run file sorted by term; finish() merges the runs term by term.
 */
export class PostingsWriter {
  private building = new Map<string, number[]>();
  private inRun = 0;
  private readonly runs: { file: string; terms: RunTerm[] }[] = [];
  private readonly lengths: BufferedWriter;
  size = 0;
  totalLength = 0;

  constructor(
    private readonly dir: string,
    private readonly name: string,
    private readonly budget = 3_000_000,
  ) {
    this.lengths = new BufferedWriter(path.join(dir, `${name}.len`));
  }

  /** The terms of entry `id`; entries come in order 0, 1, 2… */
  add(id: number, terms: string[]): void {
    if (id !== this.size) throw new Error(`postings: entry ${id} added out of order (expected ${this.size})`);
    this.size++;
    this.totalLength += terms.length;
    this.lengths.write(Float32Array.of(terms.length));
    const counts = new Map<string, number>();
    for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const [t, c] of counts) {
      let list = this.building.get(t);
      if (!list) {
        list = [];
        this.building.set(t, list);
      }
      list.push(id, c);
    }
    this.inRun += counts.size;
    if (this.inRun >= this.budget) this.flushRun();
  }

  private flushRun(): void {
    if (this.building.size === 0) return;
    const file = path.join(this.dir, `${this.name}.run${this.runs.length}`);
    const out = new BufferedWriter(file);
    const terms: RunTerm[] = [];
    for (const term of [...this.building.keys()].sort()) {
      const list = this.building.get(term)!;
      const n = list.length / 2;
      const ids = new Int32Array(n);
      const tfs = new Uint16Array(n);
      for (let i = 0; i < n; i++) {
        ids[i] = list[2 * i]!;
        tfs[i] = Math.min(list[2 * i + 1]!, 65535);
      }
      out.write(ids);
      out.write(tfs);
      terms.push({ term, df: n });
    }
    out.close();
    this.runs.push({ file, terms });
    this.building = new Map();
    this.inRun = 0;
  }

  /** Merges the runs into `<name>.post` and the term dictionary; removes the run files. */
  finish(db: SQLite.Database, field: number): void {
    this.flushRun();
    this.lengths.close();
    const out = new BufferedWriter(path.join(this.dir, `${this.name}.post`));
    const insert = db.prepare<[number, string, number, number]>('INSERT INTO terms (field, term, df, offset) VALUES (?, ?, ?, ?)');
    const readers = this.runs.map((r) => ({ ...r, at: 0, reader: new SequentialReader(r.file) }));
    const all = new Set<string>();
    for (const r of this.runs) for (const t of r.terms) all.add(t.term);
    for (const term of [...all].sort()) {
      const parts: Postings[] = [];
      for (const r of readers) {
        const entry = r.terms[r.at];
        if (entry?.term !== term) continue;
        r.at++;
        const ids = new Int32Array(entry.df);
        const tfs = new Uint16Array(entry.df);
        r.reader.read(ids);
        r.reader.read(tfs);
        parts.push({ ids, tfs });
      }
      let df = 0;
      for (const p of parts) df += p.ids.length;
      insert.run(field, term, df, out.position);
      for (const p of parts) out.write(p.ids);
      for (const p of parts) out.write(p.tfs);
    }
    out.close();
    for (const r of readers) {
      r.reader.close();
      fs.rmSync(r.file, { force: true });
    }
  }
}

/** Reads a file front to back through a 1 MB buffer. */
class SequentialReader {
  private readonly fd: number;
  private readonly buf = Buffer.allocUnsafe(1 << 20);
  private start = 0;
  private end = 0;
  private position = 0;

  constructor(file: string) {
    this.fd = fs.openSync(file, 'r');
  }

  read(target: ArrayBufferView): void {
    const bytes = new Uint8Array(target.buffer, target.byteOffset, target.byteLength);
    let done = 0;
    while (done < bytes.length) {
      if (this.start === this.end) {
        this.end = fs.readSync(this.fd, this.buf, 0, this.buf.length, this.position);
        this.position += this.end;
        this.start = 0;
        if (this.end === 0) throw new Error('postings run file ended early');
      }
      const n = Math.min(bytes.length - done, this.end - this.start);
      bytes.set(this.buf.subarray(this.start, this.start + n), done);
      this.start += n;
      done += n;
    }
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}

/** The postings of one field of an index version, read from disk term by term. */
export class DiskPostings implements PostingSource {
  readonly lengths: Float32Array;
  private readonly fd: number;
  private readonly lookup: SQLite.Statement<[number, string], { df: number; offset: number }>;
  /** Each term's place in the postings file; `false`: the field does not hold the term. */
  private readonly entries = new LRUCache<string, { df: number; offset: number } | false>({ max: 100_000 });
  private readonly cache: LRUCache<string, Postings>;

  constructor(
    dir: string,
    name: string,
    db: SQLite.Database,
    private readonly field: number,
    readonly size: number,
    readonly totalLength: number,
    cacheBytes = 64 * 1024 * 1024,
  ) {
    this.cache = new LRUCache({ maxSize: cacheBytes, sizeCalculation: (p) => Math.max(1, p.ids.length * 6) });
    this.lookup = db.prepare('SELECT df, offset FROM terms WHERE field = ? AND term = ?');
    this.lengths = new Float32Array(size);
    const lenFd = fs.openSync(path.join(dir, `${name}.len`), 'r');
    try {
      if (fs.fstatSync(lenFd).size !== size * 4) throw new Error(`${name}.len does not match the manifest`);
      readRange(lenFd, this.lengths, 0);
    } finally {
      fs.closeSync(lenFd);
    }
    this.fd = fs.openSync(path.join(dir, `${name}.post`), 'r');
  }

  private entry(term: string): { df: number; offset: number } | null {
    let e = this.entries.get(term);
    if (e === undefined) {
      e = this.lookup.get(this.field, term) ?? false;
      this.entries.set(term, e);
    }
    return e || null;
  }

  df(term: string): number {
    return this.entry(term)?.df ?? 0;
  }

  postings(term: string): Postings | undefined {
    // First in, first out (peek, not get): a hit costs one lookup (BM25 scores single chunks in a loop), and a
    // term evicted while still in use is read again from the page cache.
    const hit = this.cache.peek(term);
    if (hit) return hit;
    const e = this.entry(term);
    if (!e) return undefined;
    const p = { ids: new Int32Array(e.df), tfs: new Uint16Array(e.df) };
    readRange(this.fd, p.ids, e.offset);
    readRange(this.fd, p.tfs, e.offset + e.df * 4);
    this.cache.set(term, p);
    return p;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
