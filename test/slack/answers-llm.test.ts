import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LLM_FAILED_NOTICE } from '../../src/assistant/answer.js';
import { type FakeOpenAI, startFakeOpenAI } from '../../src/sandbox/fake-openai.js';
import { finalAnswer, messageText, useRetriever } from '../helpers/answers.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { sendMessage } from '../helpers/dm.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

describe('answers in Slack with a model', () => {
  let t: TestApp;
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    t = await startTestApp({ env: { OPENAI_BASE_URL: fake.url, KIKI_CHAT_MODEL: 'fake-model', KIKI_LLM_TIMEOUT_MS: '1000' } });
    useRetriever(t, new MemoryRetriever(SAMPLE_DOCS));
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const dm = async (text: string) => (await sendMessage(t, 'U0ALICE', text, { channel: 'D0ALICE' })).ts;

  it('streams the answer into the thread, then adds the checked sources and buttons', async () => {
    fake.delayMs = 0;
    fake.chunkDelayMs = 15;
    fake.reply = 'The per diem is **60 EUR** a day within Europe and 80 EUR elsewhere [1]. Also @here it is tax free [4].';
    const ts = await dm('What is the per diem for business travel?');
    const start = await t.slack.waitFor('chat.startStream', (a) => a.thread_ts === ts);
    expect(start.args.channel).toBe('D0ALICE');
    const stop = await t.slack.waitFor('chat.stopStream', (a) => a.channel === 'D0ALICE');
    fake.chunkDelayMs = 0;
    expect(t.slack.callsTo('chat.appendStream').length).toBeGreaterThan(0);
    const message = t.slack.messages.find((m) => m.channel === 'D0ALICE' && m.ts === stop.args.ts);
    expect(message?.thread_ts).toBe(ts);
    expect(message?.text).toContain('60 EUR');
    expect(message?.text).not.toContain('[4]');
    expect(message?.text).not.toMatch(/@here/);
    expect(JSON.stringify(stop.args.blocks)).toContain('Travel policy');
    expect(JSON.stringify(stop.args.blocks)).toContain('"type":"feedback_buttons"');
  });

  it('shows its progress as task chunks before the text: searching, reading the sections, writing', async () => {
    fake.delayMs = 300;
    fake.chunkDelayMs = 0;
    fake.reply = 'The per diem is 60 EUR a day within Europe [1].';
    const ts = await dm('What is the per diem for business travel?');
    const start = await t.slack.waitFor('chat.startStream', (a) => a.thread_ts === ts);
    // Before the model has written anything, the person already sees Kiki searching.
    expect(start.args.chunks).toEqual([{ type: 'task_update', id: 'search', title: 'Searching the documents', status: 'in_progress' }]);
    const done = await finalAnswer(t.slack, 'D0ALICE', ts);
    fake.delayMs = 0;
    expect(done.tasks?.map((x) => `${x.title}: ${x.status}`)).toEqual([
      'Searching the documents: complete',
      'Reading 1 section: complete',
      'Writing the answer: complete',
    ]);
    expect(done.text).toContain('60 EUR');
  });

  it('reads the latest messages of a long thread as memory, not the oldest', async () => {
    fake.delayMs = 0;
    fake.reply = 'Contractors follow their own contract [1].';
    const root = t.slack.addUserMessage('D0LONG', 'U0ALICE', 'first question of a long thread');
    for (let i = 0; i < 30; i++) t.slack.addUserMessage('D0LONG', 'U0ALICE', `message number ${i} about travel`, root.ts);
    const before = fake.chatRequests.length;
    await sendMessage(t, 'U0ALICE', 'and what is the per diem for contractors?', { channel: 'D0LONG', thread: root.ts });
    await finalAnswer(t.slack, 'D0LONG', root.ts);
    const prompts = JSON.stringify(fake.chatRequests.slice(before));
    expect(prompts).toContain('message number 29 about travel');
    expect(prompts).not.toContain('message number 0 about travel');
  });

  it('falls back to the offline answer with a notice when the model times out', async () => {
    fake.delayMs = 2500;
    const ts = await dm('What is the per diem for business travel?');
    const reply = messageText(await finalAnswer(t.slack, 'D0ALICE', ts));
    fake.delayMs = 0;
    expect(reply).toContain(LLM_FAILED_NOTICE);
    expect(reply).toContain('60 EUR a day within Europe');
  });
});
