import type { Config } from '../config.js';
import { ErrorCode, IndexUnavailableError, KikiError } from '../errors.js';
import { ChunkStore } from './chunk-store.js';
import { configuredEmbedderId, openEmbedder } from './embedders/index.js';
import { readManifest } from './index-files.js';
import { DiskPostings, FIELD_CHUNKS, FIELD_DOCS } from './postings.js';
import { SearchIndex } from './search-index.js';
import { VectorFile } from './vectors.js';

/**
 * Opens one index version: reads the manifest, the document table and the BM25 lengths, and the HNSW graph;
 * chunks, vectors and postings stay on disk until a query needs them. Refuses an index built with another
 * embedder, and one whose files disagree with its manifest.
 */
export function openIndex(config: Config, dir: string): SearchIndex {
  const manifest = readManifest(dir);
  const expected = configuredEmbedderId(config, manifest.embedder.id === 'offline-hash-v1' ? 'hash' : 'lsa');
  if (manifest.embedder.id !== expected) {
    throw new KikiError(
      ErrorCode.InvalidInput,
      `the search index was built with the embedder "${manifest.embedder.id}" but Kiki is configured for "${expected}"; re-ingest with "kiki ingest --full"`,
    );
  }
  const opened: { close(): void }[] = [];
  try {
    const store = ChunkStore.open(dir);
    opened.push(store);
    if (store.count !== manifest.chunkCount || store.docCount !== manifest.documentCount)
      throw new IndexUnavailableError(`${dir}: index.db does not match the manifest; re-ingest`);
    const dimension = manifest.embedder.dimension;
    const vectors = new VectorFile(dir, store.count, dimension);
    opened.push(vectors);
    const chunkPostings = new DiskPostings(dir, 'chunks', store.db, FIELD_CHUNKS, store.count, manifest.tokens.chunks);
    opened.push(chunkPostings);
    const docPostings = new DiskPostings(dir, 'docs', store.db, FIELD_DOCS, store.docCount, manifest.tokens.documents);
    opened.push(docPostings);
    const hnsw = SearchIndex.loadHnsw(dir, dimension);
    const embedder = openEmbedder(config, dir, manifest.embedder.id, dimension);
    return new SearchIndex({ store, vectors, hnsw, embedder, chunkPostings, docPostings });
  } catch (error) {
    for (const o of opened) o.close();
    if (error instanceof KikiError) throw error;
    throw new IndexUnavailableError(`${dir} cannot be opened; re-ingest`, { cause: error });
  }
}
