import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { z } from 'zod';
import { IndexUnavailableError, IngestBusyError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Store } from '../store/db.js';
import { currentVersionDir, indexRoot, pointTo, pruneVersions, publish, readRange, VERSION_NAME } from './index-files.js';
import { acquireLock } from './knowledge-files.js';

/** Bytes per stored piece: one statement each, small enough for any driver, ~250 rows per GB. */
export const PIECE_BYTES = 4 * 1024 * 1024;
/** The advisory lock every replica of one database asks for before it syncs or indexes ("kiki" in ASCII). */
const SYNC_LOCK = 0x6b696b69;
/** The channel a publish notifies: replicas listening install the new version at once, not at their next poll. */
const CHANNEL = 'kiki_index';
const FILE_NAME = /^[\w.-]+$/;
/** A version that failed to download or open is tried again after this long, not at every poll. */
const RETRY_MS = 60_000;

const fileList = z.array(z.object({ name: z.string().regex(FILE_NAME), bytes: z.number().int().nonnegative(), sha256: z.string() }));
type FileEntry = z.infer<typeof fileList>[number];

export interface PublishedVersion {
  version: string;
  bytes: number;
  files: number;
}

/**
 * A fleet's search index in PostgreSQL (issue 22): the replica that holds the sync lock uploads the version
 * it built, file by file in pieces, then switches the one `index_current` row in a transaction; every replica
 * polls that row and installs a new version in its own KIKI_DATA_DIR, where its retrieval service opens it.
 * A sync that fails never reaches the switch, so the fleet keeps serving the previous version.
 */
export class FleetIndex {
  private readonly failures = new Map<string, number>();
  /** One install at a time in this process (the poll and a first search may both ask). */
  private installing: Promise<unknown> = Promise.resolve();
  readonly builder = `${os.hostname()}:${process.pid}`;

  private listener: { end(): Promise<void> } | undefined;

  constructor(
    private readonly store: Store,
    private readonly dataDir: string,
    private readonly logger: Logger,
    /** For the LISTEN connection (Kysely's pool does not deliver notifications); unset: polling only. */
    private readonly databaseUrl?: string,
  ) {}

  /**
   * Calls `onPublish` whenever a replica publishes a version (PostgreSQL LISTEN on its own connection). Polling
   * stays the fallback: a dropped connection only delays replicas to their next poll, and is opened again then.
   */
  async listen(onPublish: () => void): Promise<void> {
    if (this.listener || !this.databaseUrl) return;
    const pg = (await import('pg')).default;
    const client = new pg.Client({ connectionString: this.databaseUrl });
    this.listener = client;
    client.on('notification', () => onPublish());
    client.on('error', (error) => {
      this.logger.warn({ err: error }, 'the fleet index notifications stopped; replicas poll until they are back');
      if (this.listener === client) this.listener = undefined;
      void client.end().catch(() => undefined);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANNEL}`);
    } catch (error) {
      if (this.listener === client) this.listener = undefined;
      await client.end().catch(() => undefined);
      throw error;
    }
  }

  async close(): Promise<void> {
    const l = this.listener;
    this.listener = undefined;
    await l?.end().catch(() => undefined);
  }

  /** The version the fleet serves, if one was ever published. */
  async current(): Promise<string | undefined> {
    const row = await this.store.db.selectFrom('index_current').select('version').where('id', '=', 1).executeTakeFirst();
    return row?.version;
  }

  /** Runs `work` while holding the fleet's sync lock; another replica holding it makes this refuse at once. */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    return this.store.db.connection().execute(async (conn) => {
      const got = await sql<{ ok: boolean }>`select pg_try_advisory_lock(${SYNC_LOCK}) as ok`.execute(conn);
      if (!got.rows[0]?.ok)
        throw new IngestBusyError('another replica is syncing or indexing; its index is published to every replica when it is done');
      try {
        return await work();
      } finally {
        await sql`select pg_advisory_unlock(${SYNC_LOCK})`.execute(conn);
      }
    });
  }

  /** Uploads a local version (unless the fleet already serves it) and makes it the fleet's current one. */
  async publish(dir: string): Promise<PublishedVersion | undefined> {
    const version = path.basename(dir);
    const previous = await this.current();
    if (previous === version) return undefined;
    const { db } = this.store;
    await db.deleteFrom('index_blobs').where('version', '=', version).execute();
    await db.deleteFrom('index_versions').where('version', '=', version).execute();
    await db
      .insertInto('index_versions')
      .values({ version, created_at: Date.now(), files: null, bytes: 0, builder: this.builder })
      .execute();
    const files: FileEntry[] = [];
    for (const name of fs.readdirSync(dir).sort()) {
      if (!FILE_NAME.test(name) || !fs.statSync(path.join(dir, name)).isFile()) continue;
      files.push(await this.upload(version, dir, name));
    }
    const bytes = files.reduce((sum, f) => sum + f.bytes, 0);
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('index_versions')
        .set({ files: JSON.stringify(files), bytes })
        .where('version', '=', version)
        .execute();
      const now = Date.now();
      await trx
        .insertInto('index_current')
        .values({ id: 1, version, switched_at: now })
        .onConflict((oc) => oc.column('id').doUpdateSet({ version, switched_at: now }))
        .execute();
      await sql`select pg_notify(${CHANNEL}, ${version})`.execute(trx); // delivered at commit
    });
    await this.prune([version, ...(previous ? [previous] : [])]);
    this.logger.info({ version, bytes, files: files.length }, 'search index published to the fleet');
    return { version, bytes, files: files.length };
  }

  /**
   * Installs the fleet's current version in this replica's data folder when it differs from `local` (the
   * folder's name is the version's): downloaded to a temporary folder, checked against the recorded sizes and
   * hashes, opened by `check`, and only then made this replica's CURRENT. Returns the installed folder.
   */
  async adopt(local: () => string | undefined, check: (dir: string) => void): Promise<string | undefined> {
    const next = this.installing.then(() => this.adoptNow(local(), check));
    this.installing = next.catch(() => undefined);
    return next;
  }

  private async adoptNow(local: string | undefined, check: (dir: string) => void): Promise<string | undefined> {
    const version = await this.current();
    if (!version || version === local) return undefined;
    const failedAt = this.failures.get(version);
    if (failedAt !== undefined && Date.now() - failedAt < RETRY_MS) return undefined;
    try {
      return await this.install(version, check);
    } catch (error) {
      if (failedAt === undefined)
        this.logger.error({ err: error, version }, 'the fleet index could not be installed; still serving the previous one');
      this.failures.set(version, Date.now());
      throw error;
    }
  }

  private async install(version: string, check: (dir: string) => void): Promise<string> {
    if (!VERSION_NAME.test(version))
      throw new IndexUnavailableError(`the fleet's current index version "${version}" is not a version name`);
    const row = await this.store.db.selectFrom('index_versions').select('files').where('version', '=', version).executeTakeFirst();
    const parsed = fileList.safeParse(row?.files ? JSON.parse(row.files) : undefined);
    if (!parsed.success) throw new IndexUnavailableError(`the fleet's index version ${version} has no complete file list`);
    const root = indexRoot(this.dataDir);
    fs.mkdirSync(root, { recursive: true });
    const release = acquireLock(this.dataDir);
    const kept = path.join(root, version);
    if (fs.existsSync(path.join(kept, 'manifest.json'))) {
      // Still here (this replica built it, or served it before a publish that failed): opened, not downloaded.
      try {
        check(kept);
        pointTo(this.dataDir, version);
        return kept;
      } finally {
        release();
      }
    }
    const tmp = fs.mkdtempSync(path.join(root, '.tmp-fleet-'));
    let installed = false;
    try {
      const previous = safeCurrent(this.dataDir);
      for (const f of parsed.data) await this.download(version, f, tmp);
      check(tmp);
      const dir = path.join(root, version);
      fs.rmSync(dir, { recursive: true, force: true });
      publish(this.dataDir, tmp, version);
      installed = true;
      pruneVersions(this.dataDir, [dir, ...(previous ? [previous] : [])]);
      this.failures.delete(version);
      return dir;
    } finally {
      if (!installed) fs.rmSync(tmp, { recursive: true, force: true });
      release();
    }
  }

  private async upload(version: string, dir: string, name: string): Promise<FileEntry> {
    const fd = fs.openSync(path.join(dir, name), 'r');
    const hash = createHash('sha256');
    let bytes = 0;
    try {
      const size = fs.fstatSync(fd).size;
      for (let seq = 0; seq === 0 || bytes < size; seq++) {
        const piece = Buffer.allocUnsafe(Math.min(PIECE_BYTES, size - bytes));
        if (piece.length) readRange(fd, piece, bytes);
        hash.update(piece);
        await this.store.db.insertInto('index_blobs').values({ version, file: name, seq, data: piece }).execute();
        bytes += piece.length;
      }
    } finally {
      fs.closeSync(fd);
    }
    return { name, bytes, sha256: hash.digest('hex') };
  }

  private async download(version: string, f: FileEntry, dir: string): Promise<void> {
    const fd = fs.openSync(path.join(dir, f.name), 'w');
    const hash = createHash('sha256');
    let bytes = 0;
    try {
      for (let seq = 0; seq === 0 || bytes < f.bytes; seq++) {
        const row = await this.store.db
          .selectFrom('index_blobs')
          .select('data')
          .where('version', '=', version)
          .where('file', '=', f.name)
          .where('seq', '=', seq)
          .executeTakeFirst();
        if (!row) throw new IndexUnavailableError(`the fleet's index version ${version} lacks part ${seq} of ${f.name}`);
        hash.update(row.data);
        fs.writeSync(fd, row.data);
        bytes += row.data.length;
      }
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (bytes !== f.bytes || hash.digest('hex') !== f.sha256)
      throw new IndexUnavailableError(`the fleet's index version ${version}: ${f.name} does not match its recorded size and hash`);
  }

  /** Keeps the versions named (current and previous: a replica may still be downloading it), removes the rest. */
  private async prune(keep: string[]): Promise<void> {
    const { db } = this.store;
    await db.deleteFrom('index_blobs').where('version', 'not in', keep).execute();
    await db.deleteFrom('index_versions').where('version', 'not in', keep).execute();
  }
}

function safeCurrent(dataDir: string): string | undefined {
  try {
    return currentVersionDir(dataDir);
  } catch {
    return undefined;
  }
}
