// Load, retry, fault and soak scenarios against `kiki start` (a child process, so that its memory is Kiki's
// alone) in HTTP mode on 127.0.0.1, with the fake Slack Web API in this process. `npm run bench -- soak`
// (20,000 DMs in the soak), or `npm run bench -- soak --dms 2000` to run it small.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type FakeSlack, startFakeSlack } from '../src/sandbox/fake-slack.js';
import { SlackRequestSender } from '../src/sandbox/signed-requests.js';
import { SLACK_FAILED } from '../src/slack/slack-calls.js';
import { percentile, printTable, tempDataDir } from './lib/bench-utils.js';

const { values: flags } = parseArgs({
  options: { dms: { type: 'string', default: '20000' }, concurrency: { type: 'string', default: '20' } },
  strict: false,
});
const SOAK_DMS = Number(flags.dms);
const CONCURRENCY = Number(flags.concurrency);
const SMALL = Math.min(2000, SOAK_DMS);
const ROOT = path.resolve(import.meta.dirname, '..');
const SECRET = 'bench-secret';
const QUESTIONS = [
  'How do I submit an expense claim?',
  'What is the per diem for business travel?',
  'How many vacation days do I get?',
  'How do I set up the VPN?',
  'Who approves a purchase order?',
  'Can I bring my dog to the office?',
];

const slack = await startFakeSlack();
const dataDir = tempDataDir();
const env = {
  PATH: process.env.PATH ?? '',
  HOME: process.env.HOME ?? '',
  LOG_LEVEL: 'error',
  SLACK_BOT_TOKEN: 'xoxb-bench',
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_API_URL: slack.apiUrl,
  KIKI_DATA_DIR: dataDir,
};
const ingest = spawnSync(process.execPath, [path.join(ROOT, 'bin/kiki.js'), 'ingest'], { env, cwd: ROOT, encoding: 'utf8' });
if (ingest.status !== 0) throw new Error(`ingest failed: ${ingest.stderr}`);
const port = await freePort();
const child = spawn(process.execPath, [path.join(ROOT, 'bin/kiki.js'), 'start'], { env: { ...env, PORT: String(port) }, cwd: ROOT });
await until(child, 'is connected');
const send = new SlackRequestSender(`http://127.0.0.1:${port}/slack/events`, SECRET);

/** Per DM thread: the answers Slack accepted in it (distinct messages), and "Slack failed" notices to the asker. */
const answers = new Map<string, Set<string>>();
const told = new Set<string>();
slack.on('message', (m: { ts: string; thread_ts?: string; blocks?: unknown[]; text?: string; ephemeralTo?: string }) => {
  if (!m.thread_ts) return;
  if (m.ephemeralTo) {
    if (m.text === SLACK_FAILED) told.add(m.thread_ts);
    return;
  }
  if (!m.blocks?.length) return;
  const set = answers.get(m.thread_ts) ?? new Set<string>();
  set.add(m.ts);
  answers.set(m.thread_ts, set);
});
const replies = { get: (t: string) => answers.get(t)?.size };

interface Result {
  name: string;
  delivered: number;
  redeliveries: number;
  replied: number;
  told: number;
  duplicated: number;
  lost: number;
  errors: number;
  acks: number[];
  rss: { at: number; mb: number }[];
}

async function scenario(
  name: string,
  dms: number,
  options: { retryShare?: number; faults?: boolean; rssEvery?: number } = {},
): Promise<Result> {
  slack.faults.clear();
  if (options.faults) {
    slack.faults.set('chat.postMessage', { kind: 'http500' }, { rate: 0.05 });
    slack.faults.set('reactions.add', { kind: 'error', error: 'ratelimited' }, { rate: 0.2 });
    slack.faults.set('users.info', { kind: 'http500' }, { rate: 0.1 });
    slack.faults.set('chat.postEphemeral', { kind: 'http500' }, { rate: 0.05 });
  }
  const threads: string[] = [];
  const acks: number[] = [];
  const rss: { at: number; mb: number }[] = [{ at: 0, mb: rssMb(child) }];
  let errors = 0;
  let redeliveries = 0;
  let next = 0;
  const worker = async () => {
    while (next < dms) {
      const i = next++;
      const user = `U0SOAK${String(i % 200).padStart(3, '0')}`;
      const channel = `D${user}`;
      const text = QUESTIONS[i % QUESTIONS.length] as string;
      const ts = slack.nextTs();
      threads.push(ts);
      const event = { type: 'message', channel_type: 'im', channel, user, text, ts };
      try {
        const t0 = performance.now();
        const res = await send.event(event);
        acks.push(performance.now() - t0);
        if (res.status !== 200) errors++;
        if (options.retryShare && (i * 7919) % 100 < options.retryShare * 100) {
          redeliveries++;
          const retry = await send.event(event, {
            eventId: res.eventId,
            headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' },
          });
          if (retry.status !== 200) errors++;
        }
      } catch {
        errors++;
      }
      if (options.rssEvery && (i + 1) % options.rssEvery === 0) rss.push({ at: i + 1, mb: rssMb(child) });
      // The fake keeps every call and message; the benchmark only needs the counters above.
      if (i % 500 === 0) {
        slack.calls.length = 0;
        slack.messages.length = 0;
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  // Let the replies in flight land (bounded Slack calls: at most about 20 s each).
  const accounted = () => threads.filter((t) => (replies.get(t) ?? 0) > 0 || told.has(t)).length;
  for (let waited = 0, last = -1; waited < 60_000; waited += 500) {
    const now = accounted();
    if (now === threads.length || (now === last && waited > 25_000)) break;
    last = now;
    await new Promise((r) => setTimeout(r, 500));
  }
  rss.push({ at: dms, mb: rssMb(child) });
  const replied = threads.filter((t) => (replies.get(t) ?? 0) > 0).length;
  const toldOnly = threads.filter((t) => !(replies.get(t) ?? 0) && told.has(t)).length;
  return {
    name,
    delivered: threads.length,
    redeliveries,
    replied,
    told: toldOnly,
    duplicated: threads.filter((t) => (replies.get(t) ?? 0) > 1).length,
    lost: threads.length - replied - toldOnly,
    errors,
    acks,
    rss,
  };
}

const results: Result[] = [];
results.push(await scenario('load (concurrency 20)', SMALL));
results.push(await scenario('retry (30 % redeliveries)', SMALL, { retryShare: 0.3 }));
results.push(await scenario('fault (injected Slack faults)', Math.min(1000, SOAK_DMS), { faults: true }));
const soak = await scenario(`soak (${SOAK_DMS} DMs, 30 % redeliveries, faults)`, SOAK_DMS, {
  retryShare: 0.3,
  faults: true,
  rssEvery: Math.max(1, Math.round(SOAK_DMS / 10)),
});
results.push(soak);

printTable(
  `Kiki under load, ${CONCURRENCY} concurrent signed DMs, offline answers (kiki start, HTTP, 127.0.0.1)`,
  [
    'scenario',
    'delivered',
    'redeliveries',
    'replied',
    'told Slack failed',
    'duplicated',
    'lost',
    'errors',
    'ack p50 ms',
    'ack p95 ms',
    'ack p99 ms',
    'RSS before MB',
    'RSS after MB',
  ],
  results.map((r) => [
    r.name,
    r.delivered,
    r.redeliveries,
    r.replied,
    r.told,
    r.duplicated,
    r.lost,
    r.errors,
    percentile(r.acks, 50),
    percentile(r.acks, 95),
    percentile(r.acks, 99),
    r.rss[0]?.mb ?? 0,
    r.rss[r.rss.length - 1]?.mb ?? 0,
  ]),
);
printTable(
  'RSS of the Kiki process during the soak',
  ['DMs sent', 'RSS MB'],
  soak.rss.map((s) => [s.at, s.mb]),
);

child.kill('SIGTERM');
await new Promise((r) => child.once('exit', r));
await slack.close();
fs.rmSync(dataDir, { recursive: true, force: true });

function rssMb(p: ChildProcess): number {
  try {
    const status = fs.readFileSync(`/proc/${p.pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return Number.NaN;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port: p } = s.address() as net.AddressInfo;
      s.close(() => resolve(p));
    });
  });
}

function until(p: ChildProcess, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`kiki start did not come up: ${err}`)), 60_000);
    p.stderr?.on('data', (d: Buffer) => {
      err += d;
      if (err.includes(text)) {
        clearTimeout(timer);
        resolve();
      }
    });
    p.once('exit', (code) => reject(new Error(`kiki start exited (${code}): ${err}`)));
  });
}

export type { FakeSlack };
