import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { currentVersionDir, readManifest } from './index-files.js';
import { type IngestOptions, type IngestRoot, type IngestSummary, ingest } from './ingest.js';
import { openIndex } from './open-index.js';
import type { SearchIndex, SearchIndexOptions } from './search-index.js';
import { onThesaurusError } from './thesaurus.js';
import type { Asker, DocumentSection, Passage, Retriever, SearchOptions } from './types.js';

export interface IndexStatus {
  ready: boolean;
  dir?: string;
  chunks: number;
  files: number;
  embedder?: string;
  builtAt?: number;
}

/** Opens one index version (lazily: see open-index.ts); the name callers knew when it loaded everything. */
export const loadIndex = openIndex;

/**
 * The running retrieval service: searches the current index, reloads it when a new version is published
 * (by this process or by `kiki ingest` elsewhere), and keeps answering from the old one until the new one is
 * loaded. An ingest never blocks searches.
 */
export class RetrievalService implements Retriever {
  private index: SearchIndex | undefined;
  private dir: string | undefined;
  private loading: Promise<void> | undefined;
  private ingesting: Promise<IngestSummary> | undefined;
  private timer: NodeJS.Timeout | undefined;
  /** A published version that failed to load: not retried until CURRENT names another one. */
  private failedDir: string | undefined;

  constructor(
    private readonly config: Config,
    private readonly logger: Logger,
    /** The folders of KIKI_SOURCES; unset: KNOWLEDGE_DIR. */
    private readonly roots?: IngestRoot[],
  ) {
    onThesaurusError((err) => logger.warn({ err }, 'WordNet could not be read: search runs without synonym expansion'));
  }

  /**
   * Starts watching the index's CURRENT pointer by reading it every interval (a few bytes; works on every
   * filesystem and does not depend on file times or inode numbers, which fs.watchFile does). A version that
   * fails to load is logged once and skipped until another one is published; searches keep the old index.
   */
  watch(intervalMs = 2000): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), intervalMs);
    this.timer.unref();
  }

  private async poll(): Promise<void> {
    if (this.loading) return;
    let dir: string | undefined;
    try {
      dir = currentVersionDir(this.config.KIKI_DATA_DIR);
      if (!dir || dir === this.dir || dir === this.failedDir) return;
      await this.reload();
    } catch (error) {
      // A damaged CURRENT names no folder: remembered as '' so it too is logged once, not every interval.
      if (this.failedDir === (dir ?? '')) return;
      this.failedDir = dir ?? '';
      this.logger.error({ err: error, dir }, 'reloading the search index failed; still using the previous one');
    }
  }

  async search(query: string, asker: Asker, options: SearchOptions & SearchIndexOptions = {}): Promise<Passage[]> {
    const index = await this.current();
    if (!index || !query.trim()) return [];
    return index.search(query, asker, options);
  }

  async sections(source: string, asker: Asker): Promise<DocumentSection[]> {
    const index = await this.current();
    return index ? index.sections(source, asker) : [];
  }

  /** Loads the current index version if it changed; returns whether a new one was swapped in. */
  async reload(): Promise<boolean> {
    while (this.loading) await this.loading;
    let swapped = false;
    this.loading = (async () => {
      const dir = currentVersionDir(this.config.KIKI_DATA_DIR);
      if (!dir || dir === this.dir) return;
      const started = performance.now();
      const next = openIndex(this.config, dir);
      const old = this.index;
      this.index = next;
      this.dir = dir;
      swapped = true;
      // Searches already running on the old version finish first: its files close a little later.
      if (old) setTimeout(() => old.close(), 60_000).unref();
      this.logger.info({ dir, chunks: next.chunkCount, ms: Math.round(performance.now() - started) }, 'search index opened');
    })();
    try {
      await this.loading;
    } finally {
      this.loading = undefined;
    }
    return swapped;
  }

  /** Re-ingests KNOWLEDGE_DIR (incrementally) and swaps the new index in; searches keep using the old one meanwhile. */
  async reindex(options: IngestOptions = {}): Promise<IngestSummary> {
    if (this.ingesting) return this.ingesting;
    this.ingesting = (async () => {
      const summary = await ingest(this.config, { logger: this.logger, ...(this.roots ? { roots: this.roots } : {}), ...options });
      await this.reload();
      return summary;
    })();
    try {
      return await this.ingesting;
    } finally {
      this.ingesting = undefined;
    }
  }

  /** Same as reindex: the name the CLI uses. */
  ingest(options: IngestOptions = {}): Promise<IngestSummary> {
    return this.reindex(options);
  }

  status(): IndexStatus {
    if (!this.index || !this.dir) return { ready: false, chunks: 0, files: 0 };
    const manifest = readManifest(this.dir);
    return {
      ready: true,
      dir: this.dir,
      chunks: this.index.chunkCount,
      files: Object.keys(manifest.files).length,
      embedder: manifest.embedder.id,
      builtAt: manifest.builtAt,
    };
  }

  /** The loaded index; the first call loads it. Throws the embedder-mismatch error so callers can show it. */
  async current(): Promise<SearchIndex | undefined> {
    if (!this.index) {
      await this.reload();
      if (!this.index) this.logger.warn('no search index yet: run "kiki ingest" (or /kiki reindex)');
    }
    return this.index;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.index?.close();
    this.index = undefined;
    this.dir = undefined;
  }
}
