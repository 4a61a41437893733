import { afterAll, describe, expect, it } from 'vitest';
import type { Store } from '../../src/store/db.js';
import { claimSlackEvent, purgeSlackEvents } from '../../src/store/slack-events.js';
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

  it('claims an event id once, also under concurrent claims', async () => {
    const store = await open();
    expect(await claimSlackEvent(store, 'Ev1')).toBe(true);
    expect(await claimSlackEvent(store, 'Ev1')).toBe(false);
    const results = await Promise.all(Array.from({ length: 8 }, () => claimSlackEvent(store, 'Ev2')));
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('purges old event ids', async () => {
    const store = await open();
    const now = Date.now();
    await claimSlackEvent(store, 'old', now - 2 * 24 * 3600_000);
    await claimSlackEvent(store, 'new', now);
    expect(await purgeSlackEvents(store, 24 * 3600_000, now)).toBe(1);
    expect(await claimSlackEvent(store, 'new')).toBe(false);
    expect(await claimSlackEvent(store, 'old')).toBe(true);
  });

  it('keeps millisecond timestamps as numbers', async () => {
    const store = await open();
    await claimSlackEvent(store, 'ts', 1_790_000_000_123);
    const row = await store.db.selectFrom('slack_events').selectAll().where('event_id', '=', 'ts').executeTakeFirstOrThrow();
    expect(row.received_at).toBe(1_790_000_000_123);
  });
});
