import fs from 'node:fs';
import path from 'node:path';
import { LRUCache } from 'lru-cache';
import { IndexUnavailableError } from '../errors.js';
import { readRange } from './index-files.js';

/**
 * vectors.f32: one Float32 vector per chunk, in chunk order. Read a vector at a time (the `cosine` signal of
 * the passages a search returns) or in blocks (the exact scan), never whole.
 */
export class VectorFile {
  private readonly fd: number;
  private readonly cache = new LRUCache<number, Float32Array>({ max: 1024 });

  constructor(
    dir: string,
    readonly count: number,
    readonly dimension: number,
  ) {
    const file = path.join(dir, 'vectors.f32');
    this.fd = fs.openSync(file, 'r');
    if (fs.fstatSync(this.fd).size !== count * dimension * 4) {
      fs.closeSync(this.fd);
      throw new IndexUnavailableError(`${file} does not match the manifest; re-ingest`);
    }
  }

  vector(n: number): Float32Array {
    let v = this.cache.get(n);
    if (v) return v;
    v = new Float32Array(this.dimension);
    readRange(this.fd, v, n * this.dimension * 4);
    this.cache.set(n, v);
    return v;
  }

  /** Vectors first..first+block-1 in one array, for a scan. */
  block(first: number, count: number): Float32Array {
    const out = new Float32Array(count * this.dimension);
    readRange(this.fd, out, first * this.dimension * 4);
    return out;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
