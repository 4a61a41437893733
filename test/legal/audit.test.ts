import { afterAll, describe, expect, it } from 'vitest';
import { listDrafts, recordDraft } from '../../src/legal/audit.js';
import { storeEngines } from '../helpers/env.js';
import { openTestStore } from '../helpers/postgres.js';

describe.each(storeEngines)('contract draft audit on $name', ({ databaseUrl }) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('records drafts and lists them newest first, with numeric timestamps', async () => {
    const store = await openTestStore(databaseUrl, cleanups);
    const base = { userId: 'U0LEGA01', surface: 'modal', templateId: 'mutual-nda', templateVersion: '2.1.0', valuesHash: 'a'.repeat(64) };
    await recordDraft(store, { ...base, id: 'd1', ts: 1_700_000_000_000, clauses: [] });
    await recordDraft(store, { ...base, id: 'd2', ts: 1_700_000_100_000, clauses: ['non-solicitation'] });
    const drafts = await listDrafts(store);
    expect(drafts.map((d) => d.id)).toEqual(['d2', 'd1']);
    expect(drafts[0]).toEqual({ ...base, id: 'd2', ts: 1_700_000_100_000, clauses: ['non-solicitation'] });
  });
});
