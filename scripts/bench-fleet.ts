// One sync for a fleet (issue 22 item 4): two replicas, each with its own data folder, on one PostgreSQL.
// Replica a syncs a fake Confluence and publishes the index; measured: how long after the switch replica b
// serves the new version (against the watch interval), the published size, the upload time. A full sync,
// then three incremental ones (10 edits each). Needs DATABASE_URL:
// `bash scripts/with-postgres.sh npm run bench -- fleet` (BENCH_FLEET_PAGES to change the size).
import { sql } from 'kysely';
import pino from 'pino';
import { freshPostgres } from '../test/helpers/postgres.js';
import { FakeConfluence } from '../test/helpers/sources/fake-confluence.js';
import { replica, sourcesFile, until } from '../test/helpers/sources/fleet.js';
import { median, peakRssMb, printTable } from './lib/bench-utils.js';

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  console.log('bench-fleet needs DATABASE_URL: bash scripts/with-postgres.sh npm run bench -- fleet');
  process.exit(0);
}
const PAGES = Number(process.env.BENCH_FLEET_PAGES ?? 2000);
const WATCH_SECONDS = 2; // the default KIKI_INDEX_WATCH_SECONDS
const ENV = { CONF_EMAIL: 'kiki@acme.example', CONF_TOKEN: 'atl-token' };
const WORDS = 'leave travel expense laptop badge payroll pension onboarding security vacation benefit policy'.split(' ');
const body = (i: number, edit: number) =>
  `<h2>About ${WORDS[i % WORDS.length]}</h2><p>Page ${i} explains the ${WORDS[(i * 7) % WORDS.length]} rules (marker pg${i}x${edit}).</p>`;

const wiki = await new FakeConfluence().start();
wiki.spaces.push({ id: '1', key: 'KB', name: 'Knowledge', readers: [{ type: 'group', id: 'confluence-users' }] });
for (let i = 0; i < PAGES; i++) wiki.add({ id: String(10_000 + i), title: `Page ${i}`, storage: body(i, 0) });
const file = sourcesFile([
  {
    name: 'wiki',
    type: 'confluence',
    url: wiki.server.url,
    spaces: ['KB'],
    credentials: { email: 'CONF_EMAIL', token: 'CONF_TOKEN' },
    access: { groups: { 'confluence-users': 'everyone' } },
    concurrency: 8,
  },
]);
const db = await freshPostgres(databaseUrl);
const a = await replica(file, db.url, ENV, WATCH_SECONDS);
const b = await replica(file, db.url, ENV, WATCH_SECONDS, pino({ level: process.env.BENCH_LOG ?? 'error' }, pino.destination(2)));

interface Round {
  name: string;
  syncSeconds: number;
  uploadSeconds: number;
  bytes: number;
  lagMs: number;
}
const rounds: Round[] = [];
async function round(name: string, marker: string): Promise<void> {
  const started = performance.now();
  await a.sync();
  const syncSeconds = (performance.now() - started) / 1000;
  const row = await sql<{ created_at: number; switched_at: number; bytes: number }>`
    select v.created_at, c.switched_at, v.bytes from index_current c join index_versions v on v.version = c.version`.execute(
    a.services.store.db,
  );
  const r = row.rows[0];
  if (!r) throw new Error('nothing published');
  await until(async () => (await b.visible([marker])).length === 1, 10 * WATCH_SECONDS * 1000, 10);
  rounds.push({
    name,
    syncSeconds,
    uploadSeconds: (Number(r.switched_at) - Number(r.created_at)) / 1000,
    bytes: Number(r.bytes),
    lagMs: Date.now() - Number(r.switched_at),
  });
}

await round(`full sync, ${PAGES} pages`, 'pg1x0');
for (let k = 1; k <= 3; k++) {
  for (let j = 0; j < 10; j++) {
    const i = (k * 97 + j * 131) % PAGES;
    wiki.edit(String(10_000 + i), body(i, k));
  }
  await round(`incremental ${k} (10 edits)`, `pg${(k * 97) % PAGES}x${k}`);
}
await a.close();
await b.close();
await wiki.close();
await db.drop();

printTable(
  `Two replicas on PostgreSQL: a syncs and publishes, b serves the new version (watch interval ${WATCH_SECONDS} s)`,
  ['round', 'sync + index + publish (s)', 'upload (s)', 'published (MB)', 'switch → b serves (ms)', 'lag / interval'],
  rounds.map((r) => [r.name, r.syncSeconds, r.uploadSeconds, r.bytes / 1e6, r.lagMs, r.lagMs / (WATCH_SECONDS * 1000)]),
);
const lags = rounds.map((r) => r.lagMs);
printTable(
  'Summary',
  ['measure', 'value'],
  [
    ['median switch → b serves (ms)', median(lags)],
    ['max switch → b serves (ms)', Math.max(...lags)],
    ['within one watch interval', lags.every((l) => l <= WATCH_SECONDS * 1000) ? 'yes' : 'no'],
    ['peak RSS, both replicas in one process (MB)', peakRssMb()],
  ],
);
process.exit(0);
