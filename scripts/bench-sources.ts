// Knowledge sources (issue 22): a fake Confluence of 10,000 pages on 127.0.0.1. Full sync throughput and peak
// memory; an incremental sync after 10 edits and 3 deletions (what it fetches, and that no deleted text is
// still found); a 429 on every third call (nothing lost, request budget respected).
// `npm run bench -- sources` (BENCH_SOURCES_PAGES to change the size).
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import YAML from 'yaml';
import { loadConfig } from '../src/config.js';
import { RetrievalService } from '../src/retrieval/service.js';
import { createConnector } from '../src/sources/connectors/index.js';
import { ingestRoots } from '../src/sources/roots.js';
import type { SourceSpec } from '../src/sources/spec.js';
import { syncAll } from '../src/sources/sync.js';
import { openStore } from '../src/store/db.js';
import { FakeConfluence } from '../test/helpers/sources/fake-confluence.js';
import { peakRssMb, printTable, tempDataDir } from './lib/bench-utils.js';

const PAGES = Number(process.env.BENCH_SOURCES_PAGES ?? 10_000);
const STORM_PAGES = Math.min(PAGES, 2_000);
const logger = pino({ level: 'silent' });
const ENV = { CONF_EMAIL: 'kiki@acme.example', CONF_TOKEN: 'atl-token' };
const WORDS = 'leave travel expense laptop badge payroll pension onboarding security vacation benefit policy'.split(' ');

function body(i: number, edit = 0): string {
  const w = (k: number) => WORDS[(i * 7 + k) % WORDS.length];
  return `<h2>About ${w(1)}</h2><p>Page ${i} explains the ${w(2)} rules (marker pg${i}x${edit}).</p><ul><li>${w(3)} first</li><li>then ${w(4)}</li></ul><table><tbody><tr><th>Item</th><th>Value</th></tr><tr><td>${w(5)}</td><td>${i % 100}</td></tr></tbody></table>`;
}

async function setUp(pages: number, budget: number, faults: { rateLimitEvery?: number } = {}) {
  const wiki = await new FakeConfluence().start(faults);
  wiki.spaces.push({ id: '1', key: 'KB', name: 'Knowledge', readers: [{ type: 'group', id: 'confluence-users' }] });
  for (let i = 0; i < pages; i++)
    wiki.add({
      id: String(10_000 + i),
      title: `Page ${i}`,
      storage: body(i),
      ...(i % 10 === 0 ? { groups: [{ id: 'g1', name: 'legal' }] } : {}),
    });
  const dir = tempDataDir('kiki-bench-sources-');
  const file = path.join(dir, 'sources.yml');
  const access = { groups: { 'confluence-users': 'everyone', legal: 'Legal' } };
  fs.writeFileSync(
    file,
    YAML.stringify({
      sources: [
        {
          name: 'wiki',
          type: 'confluence',
          url: wiki.server.url,
          spaces: ['KB'],
          credentials: { email: 'CONF_EMAIL', token: 'CONF_TOKEN' },
          access,
          requestBudget: budget,
          concurrency: 8,
        },
      ],
    }),
  );
  const config = loadConfig({ KIKI_DATA_DIR: path.join(dir, 'data'), KIKI_SOURCES: file, LOG_LEVEL: 'silent' });
  const store = await openStore({ dataDir: config.KIKI_DATA_DIR });
  const retrieval = new RetrievalService(config, logger, ingestRoots(config));
  const connectorFor = (spec: SourceSpec) => createConnector(spec, ENV, logger, { baseDelayMs: 5, maxDelayMs: 200 });
  const sync = () => syncAll({ config, store, logger, env: ENV, reindex: (o) => retrieval.reindex(o) }, { connectorFor });
  return {
    wiki,
    sync,
    retrieval,
    close: async () => {
      retrieval.close();
      await store.close();
      await wiki.close();
    },
  };
}

const full = await setUp(PAGES, 100_000);
let t = performance.now();
const first = await full.sync();
const fullSeconds = (performance.now() - t) / 1000;
const s1 = first.sources[0];
const syncOnly = s1?.seconds ?? 0;

const step = Math.floor(PAGES / 10);
const edited = Array.from({ length: 10 }, (_, i) => i * step + 1);
for (const i of edited) full.wiki.edit(String(10_000 + i), body(i, 1));
const deleted = [5, 6, 7].map((k) => k * step + 3);
for (const i of deleted) full.wiki.pages.delete(String(10_000 + i));
full.wiki.bodyFetches = [];
t = performance.now();
const second = await full.sync();
const incSeconds = (performance.now() - t) / 1000;
const s2 = second.sources[0];
let stillFound = 0;
for (const i of deleted) {
  const hits = await full.retrieval.search(`pg${i}x0`, { isAdmin: true }, { k: 5 });
  if (hits.some((h) => h.text.includes(`pg${i}x0`))) stillFound++;
}
let editsFound = 0;
for (const i of edited) {
  const hits = await full.retrieval.search(`pg${i}x1`, { isAdmin: true }, { k: 5 });
  if (hits.some((h) => h.text.includes(`pg${i}x1`))) editsFound++;
}
await full.close();

printTable(
  `Full sync of a fake Confluence (${PAGES} pages, 10% restricted to a group)`,
  ['measure', 'value'],
  [
    ['pages written', s1?.fetched ?? 0],
    ['requests (listing, restrictions, bodies)', s1?.requests ?? 0],
    ['sync seconds (fetch + convert + write)', syncOnly],
    ['sync throughput (pages/s)', (s1?.fetched ?? 0) / syncOnly],
    ['sync + index seconds', fullSeconds],
    ['end-to-end throughput (pages/s)', (s1?.fetched ?? 0) / fullSeconds],
    ['index chunks', first.ingest.chunks],
    ['peak RSS (MB)', peakRssMb()],
  ],
);
printTable(
  'Incremental sync after 10 edits and 3 deletions',
  ['measure', 'value'],
  [
    ['page bodies fetched', full.wiki.bodyFetches.length],
    ['documents changed (fetched + removed)', (s2?.fetched ?? 0) + (s2?.removed ?? 0)],
    ['removed', s2?.removed ?? 0],
    ['requests', s2?.requests ?? 0],
    ['seconds (sync + index)', incSeconds],
    ['deleted pages still found by their text', stillFound],
    ['edited pages found by their new text', `${editsFound}/10`],
  ],
);

const BUDGET = Math.ceil(STORM_PAGES * 3.5);
const storm = await setUp(STORM_PAGES, BUDGET, { rateLimitEvery: 3 });
const stormed = await storm.sync();
const s3 = stormed.sources[0];
const served = storm.wiki.server.log.length;
await storm.close();
printTable(
  `429 on every third call (${STORM_PAGES} pages, budget ${BUDGET} requests)`,
  ['measure', 'value'],
  [
    ['pages written', `${s3?.fetched ?? 0} + ${s3?.hidden ?? 0} hidden of ${STORM_PAGES}`],
    ['requests made (counted by the fake)', served],
    ['answered 429', s3?.rateLimited ?? 0],
    ['within budget', served <= BUDGET ? 'yes' : 'NO'],
    ['error', s3?.error ?? 'none'],
  ],
);
if (stillFound > 0 || s3?.error || (s3?.fetched ?? 0) !== STORM_PAGES) process.exitCode = 1;
