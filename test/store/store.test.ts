import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { claimSlackEvent, finishSlackEvent, purgeSlackEvents } from '../../src/store/slack-events.js';
import { storeEngines } from '../helpers/env.js';
import { openTestStore } from '../helpers/postgres.js';

describe.each(storeEngines)('store on $name', ({ name, databaseUrl }) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  const open = (): Promise<Store> => openTestStore(databaseUrl, cleanups);

  it('runs the migrations and reports its engine', async () => {
    const store = await open();
    expect(store.dialect).toBe(name);
    const tables = await store.db.introspection.getTables();
    expect(tables.map((t) => t.name)).toEqual(expect.arrayContaining(['slack_events', 'usage_events']));
  });

  const claim = (store: Store, id: string, now = Date.now(), owner = 'a') => claimSlackEvent(store, id, { owner, leaseMs: 60_000, now });

  it('claims an event id once, also under concurrent claims', async () => {
    const store = await open();
    expect(await claim(store, 'Ev1')).toBe(true);
    expect(await claim(store, 'Ev1')).toBe(false);
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => claim(store, 'Ev2', Date.now(), `r${i}`)));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('a claim whose work never finished expires and is taken over, once; a finished one never is', async () => {
    const store = await open();
    const t0 = Date.now();
    expect(await claim(store, 'Ev3', t0, 'dead')).toBe(true);
    expect(await claim(store, 'Ev3', t0 + 30_000, 'b')).toBe(false);
    const later = await Promise.all(['b', 'c', 'd'].map((o) => claim(store, 'Ev3', t0 + 61_000, o)));
    expect(later.filter(Boolean)).toHaveLength(1);
    await finishSlackEvent(store, 'Ev3', t0 + 62_000);
    expect(await claim(store, 'Ev3', t0 + 10 * 60_000, 'e')).toBe(false);
  });

  it('purges old event ids', async () => {
    const store = await open();
    const now = Date.now();
    await claim(store, 'old', now - 2 * 24 * 3600_000);
    await claim(store, 'new', now);
    expect(await purgeSlackEvents(store, 24 * 3600_000, now)).toBe(1);
    expect(await claim(store, 'new')).toBe(false);
    expect(await claim(store, 'old')).toBe(true);
  });

  it('keeps millisecond timestamps as numbers', async () => {
    const store = await open();
    await claim(store, 'ts', 1_790_000_000_123);
    const row = await store.db.selectFrom('slack_events').selectAll().where('event_id', '=', 'ts').executeTakeFirstOrThrow();
    expect(row.received_at).toBe(1_790_000_000_123);
  });
});
