import path from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { FleetIndex } from './fleet-index.js';
import { currentVersionDir, readManifest } from './index-files.js';
import { type IngestOptions, type IngestRoot, type IngestSummary, ingest, verifyOpens } from './ingest.js';
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

/** A fleet (DATABASE_URL): where its index is published, and what must hold before a re-index outside a sync. */
export interface FleetOptions {
  index: FleetIndex;
  /** Refuses a plain re-index that would drop documents this replica has not synced (see services.ts). */
  beforePlainIngest?: () => Promise<void>;
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
  private polling = false;
  private pollAgain = false;
  private listenFailedAt = 0;
  /** This process holds the fleet's sync lock (a sync's re-index runs inside it). */
  private holding = false;

  constructor(
    private readonly config: Config,
    private readonly logger: Logger,
    /** The folders of KIKI_SOURCES; unset: KNOWLEDGE_DIR. */
    private readonly roots?: IngestRoot[],
    private readonly fleet?: FleetOptions,
  ) {
    onThesaurusError((err) => logger.warn({ err }, 'WordNet could not be read: search runs without synonym expansion'));
  }

  /**
   * Starts watching the index's CURRENT pointer by reading it every interval (a few bytes; works on every
   * filesystem and does not depend on file times or inode numbers, which fs.watchFile does). A version that
   * fails to load is logged once and skipped until another one is published; searches keep the old index.
   * In a fleet, each interval also asks PostgreSQL for the fleet's version and installs it here when new.
   */
  watch(intervalMs = this.config.KIKI_INDEX_WATCH_SECONDS * 1000): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.poll(), intervalMs);
    this.timer.unref();
    this.listen();
  }

  /** In a fleet, a publish notifies: the poll runs at once. Opened again by a later poll if it failed. */
  private listen(): void {
    // After a failure, a new connection is tried once a minute, not at every poll.
    if (!this.fleet || !this.timer || Date.now() - this.listenFailedAt < 60_000) return;
    this.fleet.index
      .listen(() => void this.poll())
      .catch((err) => {
        if (!this.listenFailedAt) this.logger.warn({ err }, 'fleet index notifications unavailable; polling only');
        this.listenFailedAt = Date.now();
      });
  }

  private async poll(): Promise<void> {
    if (this.loading || this.polling) {
      this.pollAgain = true; // a notification during a poll is not lost
      return;
    }
    this.polling = true;
    try {
      do {
        this.pollAgain = false;
        if (this.fleet && !this.holding) await this.adopt(this.fleet.index).catch(() => undefined); // logged by adopt
        await this.pollLocal();
      } while (this.pollAgain && this.timer);
    } finally {
      this.polling = false;
    }
    this.listen();
  }

  /** Installs the fleet's current version here if it is not this replica's, then opens it. */
  private async adopt(fleet: FleetIndex): Promise<void> {
    if (
      await fleet.adopt(
        () => this.localVersion(),
        (dir) => verifyOpens(this.config, dir),
      )
    )
      await this.reload();
  }

  private localVersion(): string | undefined {
    try {
      const dir = currentVersionDir(this.config.KIKI_DATA_DIR);
      return dir ? path.basename(dir) : undefined;
    } catch {
      return undefined;
    }
  }

  private async pollLocal(): Promise<void> {
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

  /**
   * Runs `work` (a sync and its re-index) as the fleet's one syncing replica: holding the PostgreSQL lock,
   * starting from the fleet's current version, and publishing the version it leaves to every replica. A
   * failure inside `work` publishes nothing. Without a fleet (SQLite), it just runs `work`.
   */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    const fleet = this.fleet;
    if (!fleet || this.holding) return work();
    return fleet.index.exclusive(async () => {
      this.holding = true;
      try {
        while (this.polling) await new Promise((r) => setTimeout(r, 20));
        // A fleet version that cannot be installed (logged by adopt) must not block the sync that replaces it.
        await this.adopt(fleet.index).catch(() => undefined);
        const result = await work();
        const dir = currentVersionDir(this.config.KIKI_DATA_DIR);
        try {
          if (dir) await fleet.index.publish(dir);
        } catch (error) {
          // Not published: this replica goes back to the version the rest of the fleet serves.
          await this.adopt(fleet.index).catch(() => undefined);
          throw error;
        }
        return result;
      } finally {
        this.holding = false;
      }
    });
  }

  /** The version the fleet serves (PostgreSQL), or undefined without a fleet or before the first publish. */
  async fleetVersion(): Promise<string | undefined> {
    return this.fleet?.index.current();
  }

  /** Re-ingests KNOWLEDGE_DIR (incrementally) and swaps the new index in; searches keep using the old one meanwhile. */
  async reindex(options: IngestOptions = {}): Promise<IngestSummary> {
    if (this.ingesting) return this.ingesting;
    const plain = !this.holding; // not inside a sync
    const run = async () => {
      if (plain) await this.fleet?.beforePlainIngest?.();
      const summary = await ingest(this.config, { logger: this.logger, ...(this.roots ? { roots: this.roots } : {}), ...options });
      await this.reload();
      return summary;
    };
    this.ingesting = this.holding ? run() : this.exclusive(run);
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
      // A replica's first search: the fleet's version, if this data folder does not have it yet.
      if (this.fleet && !this.holding) await this.adopt(this.fleet.index).catch(() => undefined);
      await this.reload();
      if (!this.index) this.logger.warn('no search index yet: run "kiki ingest" (or /kiki reindex)');
    }
    return this.index;
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    void this.fleet?.index.close();
    this.index?.close();
    this.index = undefined;
    this.dir = undefined;
  }
}
