// Answers, offline, with the Sourcegraph handbook ingested: time from a signed message.im request to the
// reply's chat.postMessage at the fake Web API (p50/p95 over ≥ 200 questions), next to retrieval-only time
// for the same questions in the same run (the ratio is Kiki's own overhead), and time to the HTTP ack.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { askerFor } from '../src/retrieval/access.js';
import { ingest } from '../src/retrieval/ingest.js';
import { loadIndex } from '../src/retrieval/service.js';
import { startFakeSlack } from '../src/sandbox/fake-slack.js';
import { SlackRequestSender } from '../src/sandbox/signed-requests.js';
import { waitForCall } from '../src/sandbox/wait-for-call.js';
import { createServices } from '../src/services.js';
import { createSlackApp } from '../src/slack/app.js';
import { createSlackDirectory } from '../src/slack/directory.js';
import { percentile, printTable, sharedCorpus, tempDataDir } from './lib/bench-utils.js';

const TOTAL = 220;
const corpus = sharedCorpus('sourcegraph-handbook/content');
if (!corpus) process.exit(0);

const questions = ['handbook-questions.jsonl', 'unanswerable-questions.jsonl'].flatMap((f) =>
  fs
    .readFileSync(path.join(import.meta.dirname, 'eval', f), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => (JSON.parse(l) as { query: string }).query),
);

const slack = await startFakeSlack({ users: [{ id: 'U0BENCH', name: 'bench', department: 'Engineering' }] });
const config = loadConfig({
  SLACK_BOT_TOKEN: 'xoxb-bench',
  SLACK_SIGNING_SECRET: 'bench-secret',
  SLACK_API_URL: slack.apiUrl,
  KIKI_DATA_DIR: tempDataDir('kiki-bench-answers-'),
  KNOWLEDGE_DIR: corpus,
  LOG_LEVEL: 'silent',
});
const t0 = performance.now();
const summary = await ingest(config);
console.log(`ingested ${summary.files} files, ${summary.chunks} chunks in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
const silent = createLogger('silent');
const services = await createServices(config, silent, { directory: createSlackDirectory(config, silent) });
const runtime = createSlackApp(config, services, { host: '127.0.0.1', port: 0 });
const { url } = await runtime.start();
const send = new SlackRequestSender(url as string, 'bench-secret');

// Warm-up: load the index and the directory cache, JIT the paths.
const asker = await askerFor(config, services.directory, 'U0BENCH');
for (const q of questions.slice(0, 10)) await services.retrieval.search(q, asker, { k: 6 });

async function measure() {
  const reply: number[] = [];
  const ack: number[] = [];
  const retrievalOnly: number[] = [];
  let found = 0;
  let verified = 0;
  for (let i = 0; i < TOTAL; i++) {
    const text = questions[i % questions.length] as string;
    const r0 = performance.now();
    await services.retrieval.search(text, asker, { k: 6 });
    retrievalOnly.push(performance.now() - r0);

    const m = slack.addUserMessage('D0BENCH', 'U0BENCH', text);
    const waiting = waitForCall(slack, 'chat.postMessage', (a) => a.thread_ts === m.ts, 10_000);
    const start = Date.now();
    const s0 = performance.now();
    const res = await send.event({ type: 'message', channel_type: 'im', channel: 'D0BENCH', user: 'U0BENCH', text, ts: m.ts });
    ack.push(performance.now() - s0);
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
    const call = await waiting;
    reply.push(call.at - start);
    const shown = JSON.stringify(call.args.blocks);
    if (shown.includes('*Verified*')) verified++;
    else if (shown.includes('*Sources*')) found++;
  }
  return { reply, ack, retrievalOnly, found, verified };
}

const plain = await measure();

// Issue 14: the same questions with 1,000 verified answers loaded (questions made from the handbook's section
// headings, so some of the bench questions match one): the matcher runs before every document answer.
const VERIFIED = 1000;
const headings = [...new Set([...loadIndex(config, summary.indexDir).allChunks()].map((c) => c.headingPath.at(-1) ?? c.title))].filter(
  (h) => h.length > 3,
);
const drafts = Array.from({ length: VERIFIED }, (_, i) => ({
  question: `What should I know about ${headings[i % headings.length]}${i >= headings.length ? ` (${Math.floor(i / headings.length) + 1})` : ''}?`,
  answer: `Verified answer number ${i + 1}.`,
  team: 'People',
  reviewDays: 90,
}));
await services.verified.saveMany(drafts, 'U0BENCH');
await services.verified.match('warm up', asker);
const withVerified = await measure();
await runtime.stop(2000);
await services.close();
await slack.close();

const p = (v: number[], q: number) => percentile(v, q);
for (const [label, r] of [
  ['no verified answers', plain],
  [`${VERIFIED} verified answers loaded`, withVerified],
] as const) {
  printTable(
    `Answers: signed message.im → reply chat.postMessage, offline, handbook (${summary.chunks} chunks), ${label}, ${TOTAL} questions sequentially (${r.verified} verified, ${r.found} from documents, ${TOTAL - r.found - r.verified} not found)`,
    ['measure', 'p50 ms', 'p95 ms', 'ratio p95 to retrieval-only', 'target p95'],
    [
      ['baseline: retrieval only (same questions, same index)', p(r.retrievalOnly, 50), p(r.retrievalOnly, 95), 1, ''],
      ['reply at the Web API (whole pipeline)', p(r.reply, 50), p(r.reply, 95), p(r.reply, 95) / p(r.retrievalOnly, 95), '< 300'],
      ['HTTP ack of the event', p(r.ack, 50), p(r.ack, 95), p(r.ack, 95) / p(r.retrievalOnly, 95), '< 50'],
    ],
  );
}
