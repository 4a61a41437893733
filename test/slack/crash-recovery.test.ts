import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from '../../src/sandbox/fake-openai.js';
import { SlackRequestSender } from '../../src/sandbox/signed-requests.js';
import { ACTION } from '../../src/slack/blocks/answer.js';
import { button, click } from '../helpers/answers.js';
import { BOT_TOKEN, SIGNING_SECRET } from '../helpers/app.js';
import { runKiki, spawnKiki } from '../helpers/cli.js';
import { tempDir } from '../helpers/env.js';
import { type TestSlack as FakeSlack, startTestSlack as startFakeSlack } from '../helpers/fake-slack.js';

// Issue 12, defect 6: after a kill -9 mid-answer or mid-hand-off, the restarted Kiki finishes the work.
const DOC = `---
title: Travel policy
owner: Finance
---
# Per diem

The per diem for business travel is 60 EUR a day within Europe and 80 EUR a day elsewhere.
`;
const QUESTION = 'What is the per diem for business travel?';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

describe('crash recovery (kill -9 of kiki start)', () => {
  let slack: FakeSlack;
  let fake: FakeOpenAI;
  let env: Record<string, string>;
  let child: ChildProcess | undefined;
  let send: SlackRequestSender;
  const dataDir = tempDir();

  const start = async () => {
    const port = await freePort();
    child = spawnKiki(['start'], { ...env, PORT: String(port) });
    let stderr = '';
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`kiki start did not come up: ${stderr}`)), 30_000);
      child?.stderr?.on('data', (d: Buffer) => {
        stderr += d;
        if (stderr.includes('is connected')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    send = new SlackRequestSender(`http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET);
  };
  const kill9 = async () => {
    const c = child;
    if (!c) return;
    await new Promise<void>((resolve) => {
      c.once('exit', () => resolve());
      c.kill('SIGKILL');
    });
    child = undefined;
  };
  const usageEvents = () => {
    const db = new SQLite(path.join(dataDir, 'kiki.sqlite'), { readonly: true });
    try {
      return db.prepare("select name, user_id from usage_events where name like 'ask.%'").all() as { name: string; user_id: string }[];
    } finally {
      db.close();
    }
  };

  beforeAll(async () => {
    slack = await startFakeSlack();
    fake = await startFakeOpenAI();
    const knowledge = tempDir();
    fs.writeFileSync(path.join(knowledge, 'travel.md'), DOC);
    env = {
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: slack.apiUrl,
      KIKI_DATA_DIR: dataDir,
      KNOWLEDGE_DIR: knowledge,
      OPENAI_BASE_URL: fake.url,
      KIKI_CHAT_MODEL: 'fake-model',
      KIKI_ESCALATION_CHANNEL: 'C0HELP',
      KIKI_WORK_LEASE_MS: '1500',
      KIKI_SLACK_TIMEOUT_MS: '20000',
    };
    const ingest = await runKiki(['ingest'], { KIKI_DATA_DIR: dataDir, KNOWLEDGE_DIR: knowledge });
    expect(ingest.code, ingest.stderr).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await kill9();
    await slack?.close();
    await fake?.close();
  });

  it('a reply half-streamed when the process died is finished once, with its buttons, and its usage event written', async () => {
    await start();
    fake.reply = 'According to the travel policy, the per diem is 60 EUR a day within Europe [1].';
    fake.chunkDelayMs = 400;
    const m = slack.addUserMessage('DU0ALICE', 'U0ALICE', QUESTION);
    const event = { type: 'message', channel_type: 'im', channel: 'DU0ALICE', user: 'U0ALICE', text: QUESTION, ts: m.ts };
    const first = await send.event(event);
    await slack.waitFor('chat.startStream', (a) => a.thread_ts === m.ts, 15_000);
    // Mid-answer: the stream has begun and is being appended to.
    await slack.waitFor('chat.appendStream', (a) => a.channel === 'DU0ALICE', 15_000);
    await kill9();
    const streamed = slack.messages.find((x) => x.channel === 'DU0ALICE' && x.thread_ts === m.ts);
    expect(streamed?.blocks).toBeUndefined();

    fake.chunkDelayMs = 0;
    await start();
    // Slack's own retry of the delivery, as well: neither it nor the recovery may answer twice.
    await send.event(event, { eventId: first.eventId, headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    const done = () =>
      slack.messages.filter(
        (x) => x.channel === 'DU0ALICE' && x.thread_ts === m.ts && JSON.stringify(x.blocks ?? []).includes(ACTION.handoff),
      );
    await expect.poll(() => done().length, { timeout: 20_000, interval: 100 }).toBe(1);
    await new Promise((r) => setTimeout(r, 1500));
    const replies = slack.messages.filter((x) => x.channel === 'DU0ALICE' && x.thread_ts === m.ts && x.user === slack.botUserId);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.ts).toBe(streamed?.ts);
    expect(replies[0]?.text).toContain('60 EUR');
    await expect.poll(() => usageEvents().filter((e) => e.name === 'ask.answered').length, { timeout: 10_000 }).toBe(1);
  }, 90_000);

  it('a reply whose post hung when the process died is posted once, with one usage event', async () => {
    fake.reply = 'The per diem is 60 EUR a day within Europe [1].';
    slack.faults.set('chat.startStream', { kind: 'hang' }, { times: 1 });
    const m = slack.addUserMessage('DU0CAROL', 'U0CAROL', QUESTION);
    await send.event({ type: 'message', channel_type: 'im', channel: 'DU0CAROL', user: 'U0CAROL', text: QUESTION, ts: m.ts });
    await slack.waitFor('chat.startStream', (a) => a.channel === 'DU0CAROL', 15_000);
    // The answer is written (and its usage event with it) while Slack holds the post.
    const carol = () => usageEvents().filter((e) => e.user_id === 'U0CAROL');
    await expect.poll(() => carol().length, { timeout: 10_000 }).toBe(1);
    await kill9();
    slack.faults.clear();

    await start();
    const isAnswer = (x: { channel: string; thread_ts?: string; blocks?: unknown[] }) =>
      x.channel === 'DU0CAROL' && x.thread_ts === m.ts && JSON.stringify(x.blocks ?? []).includes(ACTION.handoff);
    await expect.poll(() => slack.messages.filter(isAnswer).length, { timeout: 20_000 }).toBe(1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(slack.messages.filter(isAnswer)).toHaveLength(1);
    expect(carol()).toEqual([{ name: 'ask.answered', user_id: 'U0CAROL' }]);
  }, 90_000);

  it('a hand-off whose post was never made when the process died is posted, and the asker told', async () => {
    fake.reply = 'The per diem is 60 EUR a day within Europe [1].';
    const m = slack.addUserMessage('DU0BOB', 'U0BOB', QUESTION);
    await send.event({ type: 'message', channel_type: 'im', channel: 'DU0BOB', user: 'U0BOB', text: QUESTION, ts: m.ts });
    const isAnswer = (x: { channel: string; thread_ts?: string; blocks?: unknown[] }) =>
      x.channel === 'DU0BOB' && x.thread_ts === m.ts && JSON.stringify(x.blocks ?? []).includes(ACTION.handoff);
    await expect.poll(() => slack.messages.some(isAnswer), { timeout: 15_000 }).toBe(true);
    const answer = slack.messages.find(isAnswer);
    slack.faults.set('chat.postMessage', { kind: 'hang' });
    await send.interaction(
      click(button({ method: 'chat.postMessage', args: { blocks: answer?.blocks }, token: undefined, at: 0 }, ACTION.handoff), {
        user: 'U0BOB',
        channel: 'DU0BOB',
        messageTs: answer?.ts as string,
        threadTs: m.ts,
        message: { ts: answer?.ts, thread_ts: m.ts, text: answer?.text, blocks: answer?.blocks },
        responseUrl: slack.responseUrl(),
      }),
    );
    await slack.waitFor('chat.postMessage', (a) => a.channel === 'C0HELP', 15_000);
    await kill9();
    slack.faults.clear();
    expect(slack.messages.filter((x) => x.channel === 'C0HELP')).toHaveLength(0);

    await start();
    await expect.poll(() => slack.messages.filter((x) => x.channel === 'C0HELP').length, { timeout: 20_000 }).toBe(1);
    await expect
      .poll(() => slack.messages.some((x) => x.channel === 'DU0BOB' && x.thread_ts === m.ts && String(x.text).startsWith("I've asked")), {
        timeout: 10_000,
      })
      .toBe(true);
  }, 90_000);
});
