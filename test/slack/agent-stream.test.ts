import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatRequest, type FakeOpenAI, startFakeOpenAI } from '../../src/sandbox/fake-openai.js';
import { finalAnswer, useRetriever } from '../helpers/answers.js';
import { settle, startTestApp, type TestApp } from '../helpers/app.js';
import { sendMessage } from '../helpers/dm.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

/** Issue 23: the agent's reply is streamed into Slack like any model answer, and Slack's stop button ends it. */
const REQUEST = 'Write a summary of the per diem for business travel at https://intranet.example/travel';
const SHORT = `The per diem is 60 EUR a day within Europe [1]. ${'It covers meals and local transport on every day of the trip [1]. '.repeat(5)}`;
const LONG = `The per diem is 60 EUR a day within Europe [1]. ${'It covers meals and local transport on every day of the trip [1]. '.repeat(40)}`;

describe("the agent's streamed reply", () => {
  let t: TestApp;
  let fake: FakeOpenAI;
  let text = SHORT;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    // The agent first calls search_documents (streamed tool-call chunks), then writes its answer word by word.
    fake.reply = (r: ChatRequest) => {
      if (!r.tools?.length) return 'per diem';
      return r.messages.at(-1)?.role === 'tool'
        ? text
        : { toolCalls: [{ name: 'search_documents', arguments: { query: 'per diem travel' } }] };
    };
    t = await startTestApp({ env: { OPENAI_BASE_URL: fake.url, KIKI_CHAT_MODEL: 'fake-model', KIKI_LLM_TIMEOUT_MS: '20000' } });
    useRetriever(t, new MemoryRetriever(SAMPLE_DOCS));
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const appended = (channel: string) =>
    t.slack
      .callsTo('chat.appendStream')
      .filter((c) => c.args.channel === channel && JSON.stringify(c.args.chunks).includes('markdown_text'));

  it('shows the words as the model writes them, in one message that ends with the checked answer and its sources', async () => {
    text = SHORT;
    fake.chunkDelayMs = 15;
    const said = await sendMessage(t, 'U0DIA', REQUEST);
    const answer = await finalAnswer(t.slack, 'DU0DIA', said.ts);
    expect(answer.streamed).toBe(true);
    expect(answer.text).toContain('60 EUR a day within Europe');
    expect(JSON.stringify(answer.blocks)).toContain('Sources');
    // Written in pieces while the model wrote (not one piece at the end), and neither the tool call nor its output shown.
    const pieces = appended('DU0DIA');
    expect(pieces.length).toBeGreaterThan(1);
    const stop = t.slack.callsTo('chat.stopStream').find((c) => c.args.channel === 'DU0DIA');
    expect((stop?.at ?? 0) - (pieces[0]?.at ?? 0)).toBeGreaterThan(100);
    expect(pieces.map((c) => JSON.stringify(c.args.chunks)).join('')).not.toContain('Answer only from these passages');
    // One message: no second post with the whole answer.
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'DU0DIA')).toEqual([]);
  });

  it('stops the agent and its stream within a second of the stop button, keeping what was written', async () => {
    text = LONG;
    fake.chunkDelayMs = 40;
    const said = await sendMessage(t, 'U0EVA', REQUEST);
    const first = await t.slack.waitFor(
      'chat.appendStream',
      (a) => a.channel === 'DU0EVA' && JSON.stringify(a.chunks).includes('60 EUR'),
      10_000,
    );
    const ended = t.slack.pressStop('DU0EVA', said.ts);
    const pressed = Date.now();
    await t.send.event({
      type: 'agent_session_stopped',
      channel: 'DU0EVA',
      user: 'U0EVA',
      thread_ts: said.ts,
      streaming_message_ts: ended,
      event_ts: '1',
    });
    await t.slack.waitFor('agents.sessions.setStatus', (a) => a.thread_ts === said.ts && a.status === 'active', 1500);
    expect(Date.now() - pressed).toBeLessThan(1000);
    const callsAtStop = t.slack.calls.length;
    await settle(800);
    expect(t.slack.calls.slice(callsAtStop).filter((c) => c.args.channel === 'DU0EVA')).toEqual([]);
    const message = t.slack.messages.find((m) => m.ts === first.args.ts);
    expect(message?.text).toContain('60 EUR');
    expect(message?.text?.length).toBeLessThan(LONG.length / 2);
  });
});
