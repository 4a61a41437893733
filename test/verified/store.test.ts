import { afterAll, describe, expect, it } from 'vitest';
import { VerifiedStore } from '../../src/verified/store.js';
import { DAY_MS } from '../../src/verified/types.js';
import { storeEngines } from '../helpers/env.js';
import { openTestStore } from '../helpers/postgres.js';

describe.each(storeEngines)('verified answers on $name', ({ databaseUrl }) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });
  const open = async () => new VerifiedStore(await openTestStore(databaseUrl, cleanups));

  it('versions every change: who, when, what', async () => {
    const s = await open();
    const a = await s.create(
      { question: 'How do I lease a bike?', answer: 'Through Personio.', team: 'People', reviewDays: 30 },
      'U0HANA',
      'created',
      1_000,
    );
    expect(a.reviewDueAt).toBe(1_000 + 30 * DAY_MS);
    await s.update(a.id, 'edited', 'U0PAUL', { answer: 'Through Personio, up to 1,500 EUR.', visibleTo: ['People'] }, 2_000);
    await s.update(a.id, 'confirmed', 'U0HANA', {}, 3_000);
    const retired = await s.update(a.id, 'retired', 'U0ADMIN', {}, 4_000);
    expect(retired).toMatchObject({ status: 'retired', version: 4, verifiedBy: 'U0HANA', verifiedAt: 3_000, visibleTo: ['People'] });
    const versions = await s.versions(a.id);
    expect(versions.map((v) => [v.version, v.change, v.changedBy, v.changedAt])).toEqual([
      [1, 'created', 'U0HANA', 1_000],
      [2, 'edited', 'U0PAUL', 2_000],
      [3, 'confirmed', 'U0HANA', 3_000],
      [4, 'retired', 'U0ADMIN', 4_000],
    ]);
    expect(versions[0]!.answer).toBe('Through Personio.');
    expect(versions[1]).toMatchObject({ answer: 'Through Personio, up to 1,500 EUR.', visibleTo: ['People'] });
    expect(await s.list({ status: 'active' })).toEqual([]);
  });

  it('imports all or nothing', async () => {
    const s = await open();
    const drafts = [
      { question: 'Q one?', answer: 'A', team: 'IT', reviewDays: 90 },
      { question: 'Q two?', answer: 'B', team: 'IT', reviewDays: 90, visibleTo: ['x'.repeat(10)] },
    ];
    await s.createMany(drafts, 'cli', 'imported');
    expect(await s.list()).toHaveLength(2);
    // A row the database refuses (NOT NULL) rolls the whole batch back.
    await expect(s.createMany([drafts[0]!, { ...drafts[1]!, answer: null as unknown as string }], 'cli', 'imported')).rejects.toThrow();
    expect(await s.list()).toHaveLength(2);
  });

  it('claims a review reminder once', async () => {
    const s = await open();
    const a = await s.create({ question: 'Old?', answer: 'Yes.', team: 'IT', reviewDays: 30 }, 'U0HANA', 'created', 0);
    expect((await s.dueUnnotified(31 * DAY_MS)).map((x) => x.id)).toEqual([a.id]);
    const claims = await Promise.all([s.claimReviewNotice(a.id), s.claimReviewNotice(a.id), s.claimReviewNotice(a.id)]);
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await s.dueUnnotified(31 * DAY_MS)).toEqual([]);
  });
});
