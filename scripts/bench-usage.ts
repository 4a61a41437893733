// Usage events: insert throughput, and the adoption report over 1,000,000 events for 5,000 employees
// (90 days) on SQLite and PostgreSQL, against the same report without the 0006 indexes (baseline).
// PostgreSQL runs when DATABASE_URL is set: `bash scripts/with-postgres.sh npm run bench -- usage`.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { DEFAULT_MINUTES_SAVED } from '../src/config.js';
import { Directory, type Person } from '../src/directory.js';
import { createLogger } from '../src/logger.js';
import { openStore, type Store } from '../src/store/db.js';
import { createReportIndexes, dropReportIndexes } from '../src/store/migrations/0006-usage.js';
import { type EventRow, insertEvents, prng } from '../src/usage/demo-data.js';
import { UsageRecorder } from '../src/usage/events.js';
import { buildGapsReport } from '../src/usage/gaps.js';
import { buildAdoptionReport } from '../src/usage/report.js';
import { DAY_MS, parseSince } from '../src/usage/window.js';
import { median, printTable, tempDataDir } from './lib/bench-utils.js';
import { freshPostgres } from './lib/postgres.js';

const EVENTS = Number(process.env.BENCH_USAGE_EVENTS ?? 1_000_000);
const EMPLOYEES = 5_000;
const RECORDED = 5_000;
const NOW = Date.now();

// 20 departments from 600 down to 3 people: the last ones are small groups folded into "Other".
const SIZES = [600, 550, 500, 480, 450, 420, 400, 350, 300, 260, 200, 150, 120, 100, 60, 30, 14, 8, 4, 4];
const people: Person[] = [];
SIZES.forEach((size, d) => {
  for (let i = 0; i < size && people.length < EMPLOYEES; i++) {
    const id = `U${String(people.length).padStart(7, '0')}`;
    people.push({ slackUserId: id, email: `${id}@example.com`, name: id, department: `Dept ${String(d + 1).padStart(2, '0')}`, extra: {} });
  }
});
while (people.length < EMPLOYEES) {
  const id = `U${String(people.length).padStart(7, '0')}`;
  people.push({ slackUserId: id, email: `${id}@example.com`, name: id, department: 'Dept 01', extra: {} });
}
const directory = new Directory(people);
const TEAMS = ['People', 'IT', 'Finance', 'Security', 'Legal', 'Comms'];
const FEATURES = ['ask', 'ask', 'ask', 'ask', 'ask', 'ask', 'contract', 'sentiment', 'report', 'home'];
const OUTCOMES = ['answered', 'answered', 'answered', 'answered', 'answered', 'answered', 'not_found', 'handed_off', 'error', 'completed'];

function* eventChunks(total: number, chunk: number): Generator<EventRow[]> {
  const rand = prng(42);
  for (let start = 0; start < total; start += chunk) {
    const rows: EventRow[] = [];
    for (let i = start; i < Math.min(total, start + chunk); i++) {
      // 85% of people use Kiki; heavier users are more likely to be picked.
      const p = people[Math.floor(rand() ** 1.5 * EMPLOYEES * 0.85)] as Person;
      const ts = NOW - Math.floor(rand() * 90 * DAY_MS);
      const feature = FEATURES[Math.floor(rand() * FEATURES.length)] as string;
      const outcome = OUTCOMES[Math.floor(rand() * OUTCOMES.length)] as string;
      const handoff = outcome === 'handed_off' ? ts + 30_000 : null;
      const feedback = rand() < 0.3 ? (rand() < 0.85 ? 1 : -1) : null;
      // What the ask flow keeps for the gaps report (issue 14): owning team and the nearest sections.
      const gap = feature === 'ask' && (outcome === 'not_found' || outcome === 'handed_off' || feedback === -1);
      const team = TEAMS[Math.floor(rand() * TEAMS.length)] as string;
      const section = (n: number) => ({
        source: `${team.toLowerCase()}/doc-${n}.md`,
        title: `Doc ${n}`,
        heading: `Doc ${n} › Part ${n % 3}`,
      });
      rows.push({
        id: crypto.randomUUID(),
        ts,
        name: `${feature}.${outcome}`,
        user_id: p.slackUserId,
        department: p.department,
        feature,
        surface: 'dm',
        outcome,
        latency_ms: 1000 + Math.floor(rand() * 4000),
        question: null,
        feedback,
        feedback_at: null,
        feedback_note: null,
        handoff_opened_at: handoff,
        handoff_first_reply_at: handoff === null ? null : handoff + Math.floor(rand() * 7_200_000),
        handoff_resolved_at: null,
        demo: 0,
        meta: gap
          ? JSON.stringify({ mode: 'offline', team, closest: [section(Math.floor(rand() * 40)), section(Math.floor(rand() * 40))] })
          : null,
      });
    }
    yield rows;
  }
}

async function time<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t0 = performance.now();
  const out = await fn();
  return [performance.now() - t0, out];
}

async function reportMs(store: Store, days: number, runs = 3): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const [ms] = await time(() =>
      buildAdoptionReport(store, {
        window: parseSince(`${days}d`, NOW + 1),
        headcount: directory.headcount(),
        minGroupSize: 5,
        minutesSaved: DEFAULT_MINUTES_SAVED,
      }),
    );
    times.push(ms);
  }
  return median(times);
}

async function gapsMs(store: Store, days: number, runs = 3): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const [ms] = await time(() =>
      buildGapsReport(store, { window: parseSince(`${days}d`, NOW + 1), minGroupSize: 5, storeQuestions: false }),
    );
    times.push(ms);
  }
  return median(times);
}

async function bench(engine: string, store: Store): Promise<void> {
  const log = (m: string) => process.stderr.write(`[${engine}] ${m}\n`);
  // Insert throughput as Kiki writes in production: one background insert per event.
  const recorder = new UsageRecorder(store, directory, { KIKI_STORE_QUESTIONS: false }, createLogger('silent'));
  const [recMs] = await time(async () => {
    for (let i = 0; i < RECORDED; i++) {
      const p = people[i % EMPLOYEES] as Person;
      recorder.record({
        name: 'ask.answered',
        userId: p.slackUserId,
        feature: 'ask',
        surface: 'dm',
        outcome: 'answered',
        ts: NOW - 200 * DAY_MS,
      });
    }
    await recorder.flush();
  });
  await store.db.deleteFrom('usage_events').execute();

  // Bulk load as a restore would: report indexes dropped, batched multi-row inserts in transactions.
  await dropReportIndexes(store.db);
  // A restore would give SQLite a bigger page cache for the load (random UUID keys touch the whole B-tree).
  if (store.dialect === 'sqlite') await sql`PRAGMA cache_size = -262144`.execute(store.db);
  log(`loading ${EVENTS} events…`);
  const [loadMs] = await time(async () => {
    let done = 0;
    for (const rows of eventChunks(EVENTS, 100_000)) {
      await insertEvents(store, rows, undefined, 1000);
      done += rows.length;
      log(`  ${done}`);
    }
  });
  await analyze(store);
  log('baseline report (ts index only)…');
  const base90 = await reportMs(store, 90, 1);
  const base7 = await reportMs(store, 7, 1);
  const [indexMs] = await time(() => createReportIndexes(store.db));
  await analyze(store);
  log('report with the 0006 indexes…');
  const r7 = await reportMs(store, 7);
  const r30 = await reportMs(store, 30);
  const r90 = await reportMs(store, 90);
  log('knowledge gaps report…');
  const g7 = await gapsMs(store, 7);
  const g30 = await gapsMs(store, 30);
  const g90 = await gapsMs(store, 90);

  printTable(
    `${engine}: event inserts`,
    ['how', 'events', 'seconds', 'events/s', 'ratio'],
    [
      ['UsageRecorder.record, one insert per event (baseline)', RECORDED, recMs / 1000, Math.round(RECORDED / (recMs / 1000)), 1],
      [
        store.dialect === 'postgres'
          ? 'batched inserts, 10,000 rows per unnest(), one transaction per 100,000 (load, demo-data)'
          : 'batched 1,000-row inserts, one transaction per 100,000 (load, demo-data)',
        EVENTS,
        loadMs / 1000,
        Math.round(EVENTS / (loadMs / 1000)),
        EVENTS / (loadMs / 1000) / (RECORDED / (recMs / 1000)),
      ],
    ],
  );
  printTable(
    `${engine}: adoption report, ${EVENTS.toLocaleString('en-US')} events, ${EMPLOYEES.toLocaleString('en-US')} employees, 90 days (median of 3; target < 2,000 ms)`,
    ['window', 'baseline ms (ts index only)', '0006 indexes ms', 'speed-up'],
    [
      ['7 days', base7, r7, base7 / r7],
      ['30 days', '–', r30, '–'],
      ['90 days', base90, r90, base90 / r90],
    ],
  );
  printTable(
    `${engine}: knowledge gaps report (kiki report --gaps), same events (median of 3)`,
    ['window', 'ms'],
    [
      ['7 days', g7],
      ['30 days', g30],
      ['90 days', g90],
    ],
  );
  console.log(
    `\n${engine}: building the 0006 indexes over ${EVENTS.toLocaleString('en-US')} events took ${(indexMs / 1000).toFixed(1)} s.`,
  );
}

async function analyze(store: Store): Promise<void> {
  // What autovacuum / a periodic ANALYZE would have done after a bulk load.
  if (store.dialect === 'postgres') await sql`VACUUM ANALYZE usage_events`.execute(store.db);
  else await sql`ANALYZE`.execute(store.db);
}

const sqlite = await openStore({ dataDir: tempDataDir() });
await bench('SQLite', sqlite);
await sqlite.close();

if (process.env.DATABASE_URL) {
  const db = await freshPostgres(process.env.DATABASE_URL);
  const pg = await openStore({ dataDir: tempDataDir(), databaseUrl: db.url });
  try {
    await bench('PostgreSQL', pg);
  } finally {
    await pg.close();
    await db.drop();
  }
} else {
  console.log('\nPostgreSQL: skipped (DATABASE_URL is unset; run `bash scripts/with-postgres.sh npm run bench -- usage`).');
}
