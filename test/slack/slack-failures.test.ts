import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from '../../src/sandbox/fake-openai.js';
import { ACTION } from '../../src/slack/blocks/answer.js';
import { SLACK_FAILED } from '../../src/slack/slack-calls.js';
import { useRetriever } from '../helpers/answers.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { sendMessage } from '../helpers/dm.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

// Issue 12, defect 7: Slack calls that hang or keep failing must not leave people with nothing.
const BOUNDS = { KIKI_SLACK_TIMEOUT_MS: '300', KIKI_SLACK_RETRIES: '1', KIKI_SLACK_RETRY_BUDGET_MS: '800' };
const QUESTION = 'What is the per diem for business travel?';

describe('Slack failing or hanging (offline answers)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: BOUNDS });
    useRetriever(t, new MemoryRetriever(SAMPLE_DOCS));
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => t.slack.faults.clear());

  for (const fault of [{ kind: 'hang' }, { kind: 'error', error: 'internal_error' }, { kind: 'http500' }] as const) {
    it(`chat.postMessage that ${fault.kind === 'hang' ? 'never answers' : `fails with ${fault.kind}`} on every call: the person is told within seconds`, async () => {
      t.slack.faults.set('chat.postMessage', fault);
      const started = Date.now();
      const { channel, ts } = await sendMessage(t, 'U0ALICE', QUESTION);
      const notice = await t.slack.waitFor('chat.postEphemeral', (a) => a.channel === channel && a.thread_ts === ts, 6000);
      expect(notice.args.text).toBe(SLACK_FAILED);
      expect(notice.args.user).toBe('U0ALICE');
      expect(Date.now() - started).toBeLessThan(6000);
    });
  }

  it('a postMessage that fails once is retried and the answer arrives', async () => {
    t.slack.faults.set('chat.postMessage', { kind: 'http500' }, { times: 1 });
    const { channel, ts } = await sendMessage(t, 'U0BOB', QUESTION);
    const reply = await t.slack.waitFor('chat.postMessage', (a) => a.channel === channel && a.thread_ts === ts && Boolean(a.blocks), 5000);
    expect(JSON.stringify(reply.args.blocks)).toContain('60 EUR');
    expect(t.slack.callsTo('chat.postEphemeral').filter((c) => c.args.channel === channel)).toHaveLength(0);
  });
});

describe('Slack slow but accepting (it posts, then answers after the timeout)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { ...BOUNDS, KIKI_SLACK_RETRIES: '2', KIKI_SLACK_RETRY_BUDGET_MS: '3000' } });
    useRetriever(t, new MemoryRetriever(SAMPLE_DOCS));
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => t.slack.faults.clear());

  it('the retry finds the reply already posted instead of posting it again', async () => {
    t.slack.faults.set('chat.postMessage', { kind: 'slow', delayMs: 2000 });
    const { channel, ts } = await sendMessage(t, 'U0DAVE', QUESTION);
    const answers = () => t.slack.messages.filter((m) => m.channel === channel && m.thread_ts === ts && m.user === t.slack.botUserId);
    await expect.poll(() => answers().length, { timeout: 5000 }).toBe(1);
    // Long enough for every retry the bounds allow (3 attempts of 300 ms within 3 s).
    await new Promise((r) => setTimeout(r, 3000));
    expect(answers()).toHaveLength(1);
    expect(JSON.stringify(answers()[0]?.blocks)).toContain('60 EUR');
    expect(t.slack.callsTo('chat.postEphemeral').filter((c) => c.args.channel === channel)).toHaveLength(0);
  });
});

describe('Slack failing or hanging while an answer streams', () => {
  let t: TestApp;
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    fake.reply = 'According to the travel policy, the per diem is 60 EUR a day within Europe [1].';
    fake.chunkDelayMs = 5;
    t = await startTestApp({ env: { ...BOUNDS, OPENAI_BASE_URL: fake.url, KIKI_CHAT_MODEL: 'fake-model', KIKI_LLM_TIMEOUT_MS: '3000' } });
    useRetriever(t, new MemoryRetriever(SAMPLE_DOCS));
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });
  afterEach(() => t.slack.faults.clear());

  const finalMessage = (channel: string, ts: string) =>
    t.slack.messages.find(
      (m) => m.channel === channel && m.thread_ts === ts && JSON.stringify(m.blocks ?? []).includes(`"action_id":"${ACTION.feedback}"`),
    );

  it('chat.startStream that never answers: the answer is posted instead, with its sources and buttons', async () => {
    t.slack.faults.set('chat.startStream', { kind: 'hang' });
    const { channel, ts } = await sendMessage(t, 'U0CARA', QUESTION);
    await expect.poll(() => finalMessage(channel, ts), { timeout: 6000, interval: 50 }).toBeDefined();
    expect(finalMessage(channel, ts)?.text).toContain('60 EUR');
  });

  it('chat.stopStream that fails: the message is not left half-written without buttons', async () => {
    t.slack.faults.set('chat.stopStream', { kind: 'error', error: 'internal_error' });
    const { channel, ts } = await sendMessage(t, 'U0DAN', QUESTION);
    await expect.poll(() => finalMessage(channel, ts), { timeout: 6000, interval: 50 }).toBeDefined();
    const inThread = t.slack.messages.filter((m) => m.channel === channel && m.thread_ts === ts && m.user === t.slack.botUserId);
    // Exactly one reply, the whole answer with its sources: no orphaned "According " left behind.
    expect(inThread).toHaveLength(1);
    expect(JSON.stringify(inThread[0]?.blocks)).toContain('Travel policy');
  });
});
