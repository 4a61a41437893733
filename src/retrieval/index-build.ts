import path from 'node:path';
import type hnswlib from 'hnswlib-node';
import { LRUCache } from 'lru-cache';
import { EmbedderError, isKikiError } from '../errors.js';
import type { ChunkStoreWriter } from './chunk-store.js';
import { type Chunk, indexText } from './chunker.js';
import type { Embedder } from './embedders/types.js';
import { BufferedWriter } from './index-files.js';
import { FIELD_CHUNKS, FIELD_DOCS, PostingsWriter } from './postings.js';
import { SearchIndex } from './search-index.js';
import { terms } from './tokenize.js';
import type { VectorFile } from './vectors.js';

export interface BuildProgress {
  phase: 'embed' | 'index' | 'write';
  done: number;
  total: number;
}

export interface BuildResult {
  dimension: number;
  tokens: { chunks: number; documents: number };
}

/** Chunks embedded, added to the graph and to the postings per batch: memory stays flat in the corpus size. */
const BATCH = 512;

/**
 * The second ingest pass over the chunks the first pass wrote to `store`: embeds them a batch at a time
 * (reusing the previous version's vector where `prev` names one), appends each vector to vectors.f32 and to the
 * HNSW graph, and feeds the BM25 postings of chunks and of whole documents, which spill to disk past a budget.
 */
export async function buildIndex(
  dir: string,
  store: ChunkStoreWriter,
  embedder: Embedder,
  previous: VectorFile | undefined,
  progress: (p: BuildProgress) => void,
): Promise<BuildResult> {
  const total = store.count;
  const chunkPostings = new PostingsWriter(dir, 'chunks');
  const docPostings = new PostingsWriter(dir, 'docs');
  const vectorsOut = new BufferedWriter(path.join(dir, 'vectors.f32'));
  let dimension = embedder.dimension;
  let hnsw: hnswlib.HierarchicalNSW | undefined;
  const headCache = new LRUCache<string, string[]>({ max: 10_000 });
  let doc = -1;
  let docTerms: string[] = [];
  let done = 0;

  const flush = async (rows: { n: number; chunk: Chunk; prev: number | null }[]) => {
    const termsOf = rows.map(({ chunk }) => {
      const headKey = `${chunk.title}\n${chunk.headingPath.join(' ')}`;
      let head = headCache.get(headKey);
      if (!head) {
        head = terms(headKey);
        headCache.set(headKey, head);
      }
      const body = terms(chunk.text);
      return { all: head.concat(body), body };
    });
    rows.forEach(({ n }, i) => {
      const t = termsOf[i]!;
      chunkPostings.add(n, t.all);
      // A document's terms for its BM25 entry: its first chunk with title and headings, the others' text only.
      while (doc + 1 < store.docFirsts.length && store.docFirsts[doc + 1] === n) {
        if (doc >= 0) docPostings.add(doc, docTerms);
        doc++;
        docTerms = [];
      }
      for (const x of n === store.docFirsts[doc] ? t.all : t.body) docTerms.push(x);
    });
    const todo = rows.map((r, i) => (r.prev === null || !previous ? i : -1)).filter((i) => i >= 0);
    let fresh: Float32Array[];
    try {
      fresh = embedder.embedTerms
        ? todo.map((i) => embedder.embedTerms!(termsOf[i]!.all))
        : await embedder.embedDocuments(todo.map((i) => indexText(rows[i]!.chunk)));
    } catch (error) {
      const why = isKikiError(error) ? error.userMessage : 'the embedding model did not answer (details in the log)';
      throw new EmbedderError(`embedding failed (${why}); the previous index is still in use`, { cause: error });
    }
    const vectors: (Float32Array | undefined)[] = rows.map(({ prev }) => (prev !== null && previous ? previous.vector(prev) : undefined));
    todo.forEach((i, j) => {
      vectors[i] = fresh[j];
    });
    if (!dimension) dimension = vectors.find((v) => v && v.length > 0)?.length ?? 0;
    hnsw ??= SearchIndex.createHnsw(total, dimension);
    rows.forEach(({ n }, i) => {
      const v = vectors[i]?.length === dimension ? vectors[i]! : new Float32Array(dimension);
      vectorsOut.write(v);
      hnsw!.addPoint(Array.from(v), n);
    });
    done += rows.length;
    progress({ phase: 'embed', done, total });
  };

  progress({ phase: 'embed', done: 0, total });
  let rows: { n: number; chunk: Chunk; prev: number | null }[] = [];
  for (const row of store.iterate()) {
    rows.push(row);
    if (rows.length === BATCH) {
      await flush(rows);
      rows = [];
    }
  }
  await flush(rows);
  if (doc >= 0) docPostings.add(doc, docTerms);
  vectorsOut.close();
  progress({ phase: 'index', done: 0, total });
  chunkPostings.finish(store.db, FIELD_CHUNKS);
  docPostings.finish(store.db, FIELD_DOCS);
  progress({ phase: 'write', done: 0, total: 1 });
  const graph = hnsw ?? SearchIndex.createHnsw(0, dimension);
  graph.writeIndexSync(path.join(dir, 'hnsw.bin'));
  SearchIndex.freeHnsw(graph); // ~1.3 GB at 1M chunks: not held while the new version is opened to be checked
  return { dimension, tokens: { chunks: chunkPostings.totalLength, documents: docPostings.totalLength } };
}
