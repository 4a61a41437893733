import crypto from 'node:crypto';
import { type Insertable, sql } from 'kysely';
import type { Person } from '../directory.js';
import { seededRandom } from '../random.js';
import type { Store } from '../store/db.js';
import type { UsageEventsTable } from '../store/schema.js';
import { DAY_MS } from './window.js';

export type EventRow = Insertable<UsageEventsTable>;

export { seededRandom as prng };

function pick<T>(rand: () => number, weighted: [T, number][]): T {
  let r = rand() * weighted.reduce((s, [, w]) => s + w, 0);
  for (const [v, w] of weighted) {
    r -= w;
    if (r <= 0) return v;
  }
  return (weighted.at(-1) as [T, number])[0];
}

// Adoption close to the anchor figures: 85% overall, 86% in Legal, 93% in Comms.
const ADOPTION: Record<string, number> = { Legal: 0.86, Comms: 0.93 };

export interface DemoOptions {
  weeks: number;
  now?: number;
  seed?: number;
}

/** A plausible few weeks of use for the people given: adoption ramps up, weekdays only, office hours. */
export function generateDemoEvents(people: Person[], options: DemoOptions): EventRow[] {
  const rand = seededRandom(options.seed ?? 7);
  const now = options.now ?? Date.now();
  const days = options.weeks * 7;
  const first = Math.floor(now / DAY_MS) - days + 1;
  const rows: EventRow[] = [];
  for (const person of people) {
    if (rand() > (ADOPTION[person.department] ?? 0.84)) continue;
    const startDay = first + Math.floor(rand() * days * 0.4);
    const activity = 0.25 + rand() * 0.45;
    for (let day = startDay; day <= first + days - 1; day++) {
      const weekday = (day + 3) % 7; // 0 = Monday
      if (weekday >= 5 || rand() > activity) continue;
      const count = 1 + Math.floor(rand() * 3);
      for (let i = 0; i < count; i++) {
        const ts = day * DAY_MS + (8 + rand() * 10) * 3600_000;
        if (ts > now) continue;
        rows.push(demoEvent(rand, person, ts));
      }
    }
  }
  return rows.sort((a, b) => a.ts - b.ts);
}

function demoEvent(rand: () => number, person: Person, ts: number): EventRow {
  const feature = pick(rand, [
    ['ask', 10],
    ['contract', person.department === 'Legal' ? 6 : 0],
    ['sentiment', person.department === 'Comms' ? 5 : 0],
  ] as [string, number][]);
  const outcome =
    feature === 'ask'
      ? pick(rand, [
          ['answered', 82],
          ['not_found', 10],
          ['handed_off', 5],
          ['error', 3],
        ] as [string, number][])
      : pick(rand, [
          ['completed', 95],
          ['error', 5],
        ] as [string, number][]);
  const surface =
    feature === 'ask'
      ? pick(rand, [
          ['dm', 50],
          ['mention', 20],
          ['assistant', 25],
          ['command', 5],
        ] as [string, number][])
      : feature === 'contract'
        ? 'modal'
        : 'command';
  const rated = outcome !== 'error' && rand() < 0.35;
  const feedback = rated ? (rand() < (outcome === 'not_found' ? 0.3 : 0.88) ? 1 : -1) : null;
  const handedOff = outcome === 'handed_off' || (outcome === 'not_found' && rand() < 0.4);
  const opened = handedOff ? ts + 30_000 : null;
  const replied = opened !== null && rand() < 0.9 ? opened + Math.round((5 + rand() ** 2 * 115) * 60_000) : null;
  return {
    id: crypto.randomUUID(),
    ts: Math.round(ts),
    name: `${feature}.${outcome}`,
    user_id: person.slackUserId,
    department: person.department,
    feature,
    surface,
    outcome,
    latency_ms: Math.round(800 + rand() * (feature === 'ask' ? 5000 : 20000)),
    question: null,
    feedback,
    feedback_at: feedback === null ? null : Math.round(ts) + 60_000,
    feedback_note: null,
    handoff_opened_at: opened,
    handoff_first_reply_at: replied,
    handoff_resolved_at: replied === null ? null : replied + 3600_000,
    demo: 1,
    meta: JSON.stringify({ demo: true }),
  };
}

const COLUMNS: [keyof EventRow, string][] = [
  ['id', 'text'],
  ['ts', 'bigint'],
  ['name', 'text'],
  ['user_id', 'text'],
  ['department', 'text'],
  ['feature', 'text'],
  ['surface', 'text'],
  ['outcome', 'text'],
  ['latency_ms', 'integer'],
  ['question', 'text'],
  ['feedback', 'integer'],
  ['feedback_at', 'bigint'],
  ['feedback_note', 'text'],
  ['handoff_opened_at', 'bigint'],
  ['handoff_first_reply_at', 'bigint'],
  ['handoff_resolved_at', 'bigint'],
  ['demo', 'integer'],
  ['meta', 'text'],
];

/**
 * Batched multi-row inserts in one transaction: a million rows load in a minute, not an hour. On
 * PostgreSQL each batch is one array per column through unnest(), so 10,000 rows cost 18 parameters.
 */
export async function insertEvents(store: Store, rows: EventRow[], onProgress?: (done: number) => void, batch = 500): Promise<void> {
  await store.db.transaction().execute(async (trx) => {
    if (store.dialect === 'postgres') {
      for (let i = 0; i < rows.length; i += 10_000) {
        const chunk = rows.slice(i, i + 10_000);
        const arrays = COLUMNS.map(([c]) => chunk.map((r) => (c === 'demo' ? (r.demo ?? 0) : (r[c] ?? null))));
        await sql`insert into usage_events (${sql.join(COLUMNS.map(([c]) => sql.ref(c)))})
          select * from unnest(${sql.join(COLUMNS.map(([, type], j) => sql`${arrays[j]}::${sql.raw(type)}[]`))})`.execute(trx);
        onProgress?.(Math.min(rows.length, i + 10_000));
      }
      return;
    }
    // 18 columns × 500 rows stays well under SQLite's limit of 32,766 bound parameters.
    for (let i = 0; i < rows.length; i += batch) {
      await trx
        .insertInto('usage_events')
        .values(rows.slice(i, i + batch))
        .execute();
      onProgress?.(Math.min(rows.length, i + batch));
    }
  });
}

export async function countEvents(store: Store): Promise<{ real: number; demo: number }> {
  const rows = await store.db
    .selectFrom('usage_events')
    .select(['demo', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('demo')
    .execute();
  let real = 0;
  let demo = 0;
  for (const r of rows) {
    if (Number(r.demo) === 1) demo += Number(r.n);
    else real += Number(r.n);
  }
  return { real, demo };
}

export async function clearDemoEvents(store: Store): Promise<number> {
  const r = await store.db.deleteFrom('usage_events').where('demo', '=', 1).executeTakeFirst();
  return Number(r.numDeletedRows);
}
