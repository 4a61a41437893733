import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { ErrorCode } from '../../src/errors.js';
import { insertEvents } from '../../src/usage/demo-data.js';
import { claimJobRun, JobScheduler } from '../../src/usage/jobs.js';
import { purgeUsageEvents } from '../../src/usage/retention.js';
import { DAY_MS, parseRange, parseSince, weekStart } from '../../src/usage/window.js';
import { captureLogger } from '../helpers/app.js';
import { storeEngines } from '../helpers/env.js';
import { event, openTestStore } from './fixtures.js';

describe.each(storeEngines)('retention and jobs on $name', ({ databaseUrl }) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('purges events older than the retention period and keeps the rest', async () => {
    const store = await openTestStore(databaseUrl, cleanups);
    const now = Date.now();
    await insertEvents(store, [
      event({ user_id: 'U0OLD', department: 'Legal', ts: now - 401 * DAY_MS }),
      event({ user_id: 'U0EDGE', department: 'Legal', ts: now - 399 * DAY_MS }),
      event({ user_id: 'U0NEW', department: 'Legal', ts: now - DAY_MS }),
    ]);
    expect(await purgeUsageEvents(store, 400, now)).toBe(1);
    const left = await store.db.selectFrom('usage_events').select('user_id').orderBy('user_id').execute();
    expect(left.map((r) => r.user_id)).toEqual(['U0EDGE', 'U0NEW']);
  });

  it('bulk-loads events with awkward text intact', async () => {
    const store = await openTestStore(databaseUrl, cleanups);
    const meta = JSON.stringify({ note: 'a "quoted", {braced} \\ back\'slash', list: [1, null] });
    await insertEvents(store, [event({ user_id: 'U0Q', department: 'R&D, "Labs"', ts: 1_790_000_000_123, meta, latency_ms: null })]);
    const row = await store.db.selectFrom('usage_events').selectAll().executeTakeFirstOrThrow();
    expect(row).toMatchObject({ department: 'R&D, "Labs"', meta, ts: 1_790_000_000_123, latency_ms: null, demo: 0, feedback: null });
  });

  it('lets one claim per job and slot win, also under concurrent claims', async () => {
    const store = await openTestStore(databaseUrl, cleanups);
    const claims = await Promise.all(Array.from({ length: 6 }, (_, i) => claimJobRun(store, 'digest', 1000, `r${i}`)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await claimJobRun(store, 'digest', 2000, 'r0')).toBe(true);
  });

  it('runs a slot once across two schedulers, and records a failed run', async () => {
    const store = await openTestStore(databaseUrl, cleanups);
    const { logger, lines } = captureLogger();
    const a = new JobScheduler(store, logger);
    const b = new JobScheduler(store, logger);
    let runs = 0;
    const spec = { name: 'x', cron: '0 9 * * 1', run: async () => void runs++ };
    const slot = new Date('2025-03-03T09:00:00Z');
    expect(await Promise.all([a.runSlot(spec, slot), b.runSlot(spec, slot)])).toContain(false);
    expect(runs).toBe(1);
    const failing = { name: 'y', cron: '0 9 * * 1', run: () => Promise.reject(new Error('boom')) };
    expect(await a.runSlot(failing, slot)).toBe(true);
    const row = await store.db.selectFrom('job_runs').selectAll().where('job', '=', 'y').executeTakeFirstOrThrow();
    expect(row.status).toBe('failed');
    expect(lines.some((l) => l.msg === 'job failed')).toBe(true);
  });
});

describe('report windows', () => {
  it('reads 7d/30d/90d and whole-day ranges, and refuses nonsense with a clear message', () => {
    const now = Date.parse('2025-03-17T12:00:00Z');
    expect(parseSince('30d', now)).toMatchObject({ from: now - 30 * DAY_MS, to: now, label: 'last 30 days' });
    expect(parseRange('2025-03-01', '2025-03-31')).toMatchObject({
      from: Date.parse('2025-03-01T00:00:00Z'),
      to: Date.parse('2025-04-01T00:00:00Z'),
    });
    expect(() => parseSince('soon')).toThrow(/7d, 30d or 90d/);
    expect(() => parseRange('2025-02-30', undefined)).toThrow(expect.objectContaining({ code: ErrorCode.InvalidInput }));
    expect(() => parseRange('2025-03-10', '2025-03-01')).toThrow(/empty/);
    expect(() => loadConfig({ KIKI_REPORT_CRON: 'every monday' })).toThrow(ConfigError);
    expect(() => loadConfig({ KIKI_REPORT_CRON: 'every monday' })).toThrow(/KIKI_REPORT_CRON/);
    expect(loadConfig({}).KIKI_REPORT_CRON).toBe('0 9 * * 1');
    expect(new Date(weekStart(Date.parse('2025-03-09T23:00:00Z'))).toISOString()).toBe('2025-03-03T00:00:00.000Z');
  });
});
