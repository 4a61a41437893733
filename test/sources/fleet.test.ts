import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { freshPostgres } from '../helpers/postgres.js';
import { FakeConfluence } from '../helpers/sources/fake-confluence.js';
import { type Replica, replica, sourcesFile, until } from '../helpers/sources/fleet.js';

const databaseUrl = process.env.DATABASE_URL;
const ENV = { CONF_EMAIL: 'kiki@acme.example', CONF_TOKEN: 'atl-token' };
const WATCH_SECONDS = 1;
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()?.();
});

/** A wiki of five pages and two replicas (own data folders) on one fresh database. */
async function fleet(): Promise<{ wiki: FakeConfluence; a: Replica; b: Replica }> {
  const wiki = await new FakeConfluence().start();
  cleanups.push(() => wiki.close());
  wiki.spaces.push({ id: '1', key: 'KB', name: 'Knowledge', readers: [{ type: 'group', id: 'confluence-users' }] });
  for (const [i, word] of ['alphafleet', 'bravofleet', 'charliefleet', 'deltafleet', 'echofleet'].entries())
    wiki.add({ id: String(100 + i), title: `Page ${i}`, storage: `<p>The ${word} rule applies to page ${i}.</p>` });
  const file = sourcesFile([
    {
      name: 'wiki',
      type: 'confluence',
      url: wiki.server.url,
      spaces: ['KB'],
      credentials: { email: 'CONF_EMAIL', token: 'CONF_TOKEN' },
      access: { groups: { 'confluence-users': 'everyone' } },
    },
  ]);
  const db = await freshPostgres(databaseUrl as string);
  cleanups.push(db.drop);
  const a = await replica(file, db.url, ENV, WATCH_SECONDS);
  cleanups.push(() => a.close());
  const b = await replica(file, db.url, ENV, WATCH_SECONDS);
  cleanups.push(() => b.close());
  return { wiki, a, b };
}

const FIRST = ['alphafleet', 'bravofleet', 'charliefleet', 'deltafleet', 'echofleet'];

describe.skipIf(!databaseUrl)('one sync for a fleet (PostgreSQL)', () => {
  it('one replica syncs; the other serves the new version without a restart and without fetching anything', async () => {
    const { wiki, a, b } = await fleet();
    expect(await b.visible(FIRST)).toEqual([]);
    await a.sync();
    const requests = wiki.server.log.length;
    await until(async () => (await b.visible(FIRST)).length === FIRST.length, 3 * WATCH_SECONDS * 1000);
    expect(wiki.server.log.length).toBe(requests); // b fetched nothing from the wiki

    wiki.pages.delete('101');
    wiki.edit('102', '<p>The foxtrotfleet rule replaced it.</p>');
    await a.sync();
    await until(async () => (await b.visible(['foxtrotfleet'])).length === 1, 3 * WATCH_SECONDS * 1000);
    expect(await b.visible(FIRST)).toEqual(['alphafleet', 'deltafleet', 'echofleet']); // deleted and replaced text gone
    expect(await a.visible(FIRST)).toEqual(['alphafleet', 'deltafleet', 'echofleet']);
  });

  it('a sync that fails, building or publishing, keeps the previous version serving on every replica', async () => {
    const { wiki, a, b } = await fleet();
    await a.sync();
    await until(async () => (await b.visible(['alphafleet'])).length === 1, 3 * WATCH_SECONDS * 1000);
    const published = await a.services.retrieval.fleetVersion();
    wiki.edit('100', '<p>The golffleet rule replaced it.</p>');
    const building = a.sync({
      onIngestProgress: (p) => {
        if (p.phase === 'embed') throw new Error('disk full');
      },
    });
    await expect(building).rejects.toThrow('disk full');
    // The upload fails half-way: the version is built on a, but never named current.
    await sql`alter table index_blobs rename to index_blobs_away`.execute(a.services.store.db);
    await expect(a.sync()).rejects.toThrow();
    await sql`alter table index_blobs_away rename to index_blobs`.execute(a.services.store.db);
    await new Promise((r) => setTimeout(r, 2.5 * WATCH_SECONDS * 1000));
    expect(await a.services.retrieval.fleetVersion()).toBe(published);
    expect(await b.visible(['alphafleet', 'golffleet'])).toEqual(['alphafleet']);
    expect(await a.visible(['alphafleet', 'golffleet'])).toEqual(['alphafleet']);
  });

  it('a published version that does not match its recorded hashes is not installed: the replica keeps the old one', async () => {
    const { wiki, a, b } = await fleet();
    await a.sync();
    await until(async () => (await b.visible(['alphafleet'])).length === 1, 3 * WATCH_SECONDS * 1000);
    wiki.edit('100', '<p>The hotelfleet rule replaced it.</p>');
    const { db } = b.services.store;
    // Damaged in storage between a's upload and b's download: a chunk's text altered (the version still opens).
    await sql`create function damage() returns trigger as $$ begin
      new.data := decode(replace(encode(new.data, 'escape'), 'hotelfleet', 'hackedflee'), 'escape');
      return new; end $$ language plpgsql`.execute(db);
    await sql`create trigger damage before insert on index_blobs for each row execute function damage()`.execute(db);
    await a.sync();
    await new Promise((r) => setTimeout(r, 2.5 * WATCH_SECONDS * 1000));
    expect(await b.visible(['alphafleet', 'hotelfleet'])).toEqual(['alphafleet']);
  });

  it('a replica whose notification connection drops still picks up a new version at its next poll', async () => {
    const { wiki, a, b } = await fleet();
    await a.sync();
    await until(async () => (await b.visible(['alphafleet'])).length === 1, 3 * WATCH_SECONDS * 1000);
    const killed = await sql<{ pid: number }>`select pid from pg_stat_activity
      where datname = current_database() and query ilike 'listen%' and pg_terminate_backend(pid)`.execute(a.services.store.db);
    expect(killed.rows.length).toBe(2); // both replicas' listeners
    wiki.edit('100', '<p>The indiafleet rule replaced it.</p>');
    await a.sync();
    await until(async () => (await b.visible(['indiafleet'])).length === 1, 3 * WATCH_SECONDS * 1000);
  });

  it('of two replicas syncing at once, one runs and the other is told another replica is syncing', async () => {
    const { wiki, a, b } = await fleet();
    const outcomes = await Promise.allSettled([a.sync(), b.sync()]);
    const refused = outcomes.filter((o) => o.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect(String((refused[0] as PromiseRejectedResult).reason.message)).toMatch(/another replica is syncing/);
    expect(wiki.bodyFetches.filter((id) => id === '100')).toHaveLength(1); // each page fetched once, by one replica
  });

  it('a replica syncing after another fetches what its own folder lacks: the published index loses nothing', async () => {
    const { a, b } = await fleet();
    await a.sync();
    await expect(b.services.retrieval.reindex()).rejects.toThrow(/lacks 5 document\(s\) another replica synced/);
    const result = await b.sync();
    expect(result.sources[0]?.fetched).toBe(5);
    expect(fs.existsSync(path.join(b.config.KIKI_DATA_DIR, 'sources', 'wiki', 'KB', 'Page 0.md'))).toBe(true);
    await until(async () => (await a.visible(FIRST)).length === FIRST.length, 3 * WATCH_SECONDS * 1000);
    expect(await b.visible(FIRST)).toEqual(FIRST);
  });
});
