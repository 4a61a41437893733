// Channel auto-answer (issue 23), offline, on the sample knowledge: a replayed help channel of 200 messages
// through the channel flow the message listener runs (src/slack/channel-answer-flow.ts) against the fake Slack;
// then the stop button: time from agent_session_stopped to the session set back to active, with a model
// (the fake OpenAI server, streaming slowly) answering through the real Bolt app.
import path from 'node:path';
import type { ChannelSettingsInput } from '../src/channels/settings.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { ingest } from '../src/retrieval/ingest.js';
import { startFakeOpenAI } from '../src/sandbox/fake-openai.js';
import { startFakeSlack } from '../src/sandbox/fake-slack.js';
import { SlackRequestSender } from '../src/sandbox/signed-requests.js';
import { waitForCall } from '../src/sandbox/wait-for-call.js';
import { createServices } from '../src/services.js';
import { createSlackApp } from '../src/slack/app.js';
import { autoAnswer } from '../src/slack/channel-answer-flow.js';
import { createSlackDirectory } from '../src/slack/directory.js';
import { percentile, printTable, tempDataDir } from './lib/bench-utils.js';
import { channelReplay, type Kind } from './lib/channel-replay.js';

// --split dev (default) is the channel the rules were chosen on; --split test is run once, after. --show lists the
// messages answered wrongly or left unanswered; --no-stop skips the stop-button part.
const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const split = argv[argv.indexOf('--split') + 1] === 'test' ? 'test' : 'dev';
const knowledge = path.join(import.meta.dirname, '..', 'knowledge');
const silent = createLogger('silent');
const slack = await startFakeSlack({ users: [{ id: 'U0ASK', name: 'asker' }] });
slack.channels.add({ id: 'C0BENCH', name: 'help', members: ['U0ASK', 'U0OTHER'] });

async function app(extra: Record<string, string>) {
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_SIGNING_SECRET: 'bench-secret',
    SLACK_API_URL: slack.apiUrl,
    KIKI_DATA_DIR: tempDataDir('kiki-bench-channel-'),
    KNOWLEDGE_DIR: knowledge,
    LOG_LEVEL: 'silent',
    ...extra,
  });
  await ingest(config);
  const services = await createServices(config, silent, { directory: createSlackDirectory(config, silent) });
  const runtime = createSlackApp(config, services, { host: '127.0.0.1', port: 0 });
  const { url } = await runtime.start();
  return { services, runtime, send: new SlackRequestSender(url as string, 'bench-secret') };
}

// 1. The replayed channel.
const offline = await app({});
const messages = channelReplay(split);
const rows: (string | number)[][] = [];
for (const questionsOnly of [true, false]) {
  const settings: ChannelSettingsInput = { channelId: 'C0BENCH', questionsOnly, onlyTagged: false, reply: 'thread', allowExternal: false };
  await offline.services.channels.enable(settings, 'U0BENCH');
  const answered: Record<Kind, number> = { answerable: 0, unanswerable: 0, chatter: 0, thanks: 0, bot: 0 };
  const total: Record<Kind, number> = { answerable: 0, unanswerable: 0, chatter: 0, thanks: 0, bot: 0 };
  let wrongDocument = 0;
  let sureOfRight = 0;
  const latencies: number[] = [];
  for (const m of messages) {
    total[m.kind] += 1;
    const posted = slack.addUserMessage('C0BENCH', 'U0ASK', m.text);
    const t0 = performance.now();
    const r = await autoAnswer(offline.services, offline.runtime.app.client, {
      channel: 'C0BENCH',
      user: 'U0ASK',
      ts: posted.ts,
      text: m.text,
      fromBot: m.kind === 'bot',
      inThread: false,
      mentionsKiki: false,
      botUserId: slack.botUserId,
    });
    latencies.push(performance.now() - t0);
    if (!r.answered) {
      if (flag('--show') && questionsOnly && m.kind === 'answerable') console.log(`  missed (${r.silence}): ${m.text}`);
      continue;
    }
    answered[m.kind] += 1;
    const cited = (r.answer?.citations ?? []).map((c) => c.source);
    const right = m.sources?.some((s) => cited[0] === s) ?? false;
    if (right) sureOfRight += 1;
    else wrongDocument += 1;
    if (flag('--show') && questionsOnly && !right) console.log(`  wrong (${m.kind}, ${cited[0]}): ${m.text}`);
  }
  const all = Object.values(answered).reduce((a, b) => a + b, 0);
  rows.push([
    questionsOnly ? '--questions-only' : 'every message',
    `${answered.answerable}/${total.answerable} = ${(answered.answerable / total.answerable).toFixed(2)}`,
    `${sureOfRight}/${all} = ${all ? (sureOfRight / all).toFixed(2) : '–'}`,
    `${answered.chatter + answered.thanks + answered.bot}/${total.chatter + total.thanks + total.bot}`,
    `${answered.unanswerable}/${total.unanswerable}`,
    `${wrongDocument}/${all} = ${all ? (wrongDocument / all).toFixed(3) : '–'}`,
    percentile(latencies, 95),
  ]);
}
printTable(
  `Replayed help channel (${split.toUpperCase()}), ${messages.length} messages (${messages.filter((m) => m.kind === 'answerable').length} answerable), offline, sample knowledge`,
  [
    'setting',
    'answerable answered',
    'answers from the right document',
    'chatter/thanks/bot answered',
    'unanswerable answered',
    'confident from a wrong document',
    'p95 ms',
  ],
  rows,
);
await offline.runtime.stop(2000);
await offline.services.close();
if (flag('--no-stop')) {
  await slack.close();
  process.exit(0);
}

// 2. Stop latency: agent_session_stopped to the session set back to active (the model call aborted, the stream ended).
const model = await startFakeOpenAI();
model.chunkDelayMs = 30;
// A long answer that quotes the first passage it was given, again and again (so that it is grounded and slow).
const quote = (prompt: string) =>
  /<passage n="1"[^>]*>\s*([\s\S]*?)<\/passage>/
    .exec(prompt)?.[1]
    ?.trim()
    .split(/(?<=[.!?])\s/)[0];
model.reply = (r) => {
  const prompt = r.messages.map((m) => m.content).join('\n');
  if (prompt.includes('search queries')) return 'per diem';
  const sentence = quote(prompt);
  return sentence ? `${sentence} [1] `.repeat(40) : 'NOT_FOUND';
};
const withModel = await app({ OPENAI_BASE_URL: model.url, KIKI_CHAT_MODEL: 'fake-model', KIKI_LLM_TIMEOUT_MS: '30000' });
const stops: number[] = [];
const RUNS = Number(process.env.BENCH_STOP_RUNS ?? 20);
for (let i = 0; i < RUNS; i++) {
  const user = `U0STOP${i}`;
  const channel = `D${user}`;
  const m = slack.addUserMessage(channel, user, 'What is the per diem for business travel?');
  await withModel.send.event({ type: 'message', channel_type: 'im', channel, user, text: m.text, ts: m.ts });
  await waitForCall(slack, 'chat.appendStream', (a) => a.channel === channel && JSON.stringify(a.chunks).includes('markdown_text'), 20_000);
  const ended = slack.pressStop(channel, m.ts);
  const t0 = performance.now();
  await withModel.send.event({ type: 'agent_session_stopped', channel, user, thread_ts: m.ts, streaming_message_ts: ended, event_ts: '1' });
  await waitForCall(slack, 'agents.sessions.setStatus', (a) => a.channel_id === channel && a.status === 'active', 5000);
  stops.push(performance.now() - t0);
}
printTable(
  `Stop button, ${RUNS} streamed answers stopped mid-way`,
  ['what', 'p50 ms', 'p95 ms', 'max ms'],
  [['agent_session_stopped → session active', percentile(stops, 50), percentile(stops, 95), Math.max(...stops)]],
);
await withModel.runtime.stop(2000);
await withModel.services.close();
await model.close();
await slack.close();
