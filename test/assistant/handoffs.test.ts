import { afterAll, describe, expect, it } from 'vitest';
import { AskThreads, HandoffStore } from '../../src/assistant/handoffs.js';
import type { Store } from '../../src/store/db.js';
import { storeEngines } from '../helpers/env.js';
import { openTestStore } from '../helpers/postgres.js';

describe.each(storeEngines)('hand-off store ($name)', ({ databaseUrl }) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  const open = (): Promise<Store> => openTestStore(databaseUrl, cleanups);

  it('stores opened, the first reply only once, and resolution only once', async () => {
    const handoffs = new HandoffStore(await open());
    const h = await handoffs.open(
      {
        usage_event_id: 'ev1',
        answer_event_id: null,
        asker_id: 'U1',
        asker_channel: 'D1',
        asker_thread_ts: '1.1',
        team: 'People',
        route_channel: 'C0PEOPLE',
      },
      1000,
    );
    await handoffs.setPost(h.id, 'C0PEOPLE', '2.2');
    expect((await handoffs.byPost('C0PEOPLE', '2.2'))?.id).toBe(h.id);
    expect(await handoffs.markFirstReply(h.id, 2000)).toBe(true);
    expect(await handoffs.markFirstReply(h.id, 3000)).toBe(false);
    expect(await handoffs.resolve(h.id, 'U2', 4000)).toBe(true);
    expect(await handoffs.resolve(h.id, 'U3', 5000)).toBe(false);
    expect(await handoffs.get(h.id)).toMatchObject({ opened_at: 1000, first_reply_at: 2000, resolved_at: 4000, resolved_by: 'U2' });
  });

  it('remembers the threads Kiki is part of, once', async () => {
    const threads = new AskThreads(await open());
    await threads.remember('C1', '1.1', 'mention', 'U1');
    await threads.remember('C1', '1.1', 'dm', 'U1');
    expect(await threads.kind('C1', '1.1')).toBe('mention');
    expect(await threads.kind('C1', '9.9')).toBeUndefined();
  });
});
