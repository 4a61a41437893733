import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from '../../src/sandbox/fake-openai.js';
import { markSessionStopped } from '../../src/store/session-stops.js';
import { useRetriever } from '../helpers/answers.js';
import { settle, startTestApp, type TestApp } from '../helpers/app.js';
import { sendMessage } from '../helpers/dm.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

/** Issue 23: agent sessions (status, title, Slack's stop button), and the legacy assistant pane beside them. */
const LONG = `The per diem is 60 EUR a day within Europe [1]. ${'It covers meals and local transport on every day of the trip [1]. '.repeat(40)}`;

describe('agent sessions', () => {
  let t: TestApp;
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    fake.reply = (r) => (r.messages.some((m) => m.content.includes('search queries')) ? 'per diem' : LONG);
    t = await startTestApp({ env: { OPENAI_BASE_URL: fake.url, KIKI_CHAT_MODEL: 'fake-model', KIKI_LLM_TIMEOUT_MS: '20000' } });
    useRetriever(t, new MemoryRetriever(SAMPLE_DOCS));
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  const statuses = (channel: string, thread: string) =>
    t.slack.callsTo('agents.sessions.setStatus').filter((c) => c.args.channel_id === channel && c.args.thread_ts === thread);

  it('is "processing" while Kiki works, named from the first question, and "active" once answered', async () => {
    fake.chunkDelayMs = 0;
    const asked = await sendMessage(t, 'U0ANA', 'What is the per diem for business travel?');
    await t.slack.waitFor('agents.sessions.setStatus', (a) => a.thread_ts === asked.ts && a.status === 'active');
    expect(statuses('DU0ANA', asked.ts).map((c) => [c.args.status, c.args.title])).toEqual([
      ['processing', 'What is the per diem for business travel?'],
      ['active', undefined],
    ]);
    expect(t.slack.agentSessions.get(`DU0ANA:${asked.ts}`)).toEqual({
      status: 'active',
      title: 'What is the per diem for business travel?',
    });
    // A follow-up in the thread does not rename it.
    await sendMessage(t, 'U0ANA', 'and outside Europe?', { thread: asked.ts });
    await t.slack.waitFor('agents.sessions.setStatus', () => statuses('DU0ANA', asked.ts).length === 4);
    expect(statuses('DU0ANA', asked.ts)[2]?.args.title).toBeUndefined();
  });

  it('stops the model and the stream within a second of the stop button, keeps what was written, and says it stopped', async () => {
    fake.chunkDelayMs = 40;
    const said = await sendMessage(t, 'U0BEN', 'What is the per diem for business travel?');
    const first = await t.slack.waitFor(
      'chat.appendStream',
      (a) => a.channel === 'DU0BEN' && JSON.stringify(a.chunks).includes('60 EUR'),
      10_000,
    );
    const ended = t.slack.pressStop('DU0BEN', said.ts);
    expect(ended).toEqual([first.args.ts]);
    const pressed = Date.now();
    await t.send.event({
      type: 'agent_session_stopped',
      channel: 'DU0BEN',
      user: 'U0BEN',
      thread_ts: said.ts,
      streaming_message_ts: ended,
      event_ts: '1',
    });
    await t.slack.waitFor('agents.sessions.setStatus', (a) => a.thread_ts === said.ts && a.status === 'active', 1500);
    expect(Date.now() - pressed).toBeLessThan(1000);
    const callsAtStop = t.slack.calls.length;
    await settle(800);
    const after = t.slack.calls.slice(callsAtStop).filter((c) => c.args.channel === 'DU0BEN');
    expect(after.map((c) => c.method)).toEqual([]);
    const message = t.slack.messages.find((m) => m.ts === first.args.ts);
    expect(message?.text).toContain('60 EUR');
    expect(message?.text?.length).toBeLessThan(LONG.length / 2);
    await t.services.usage.flush();
    const events = await t.services.store.db
      .selectFrom('usage_events')
      .select(['name', 'outcome'])
      .where('user_id', '=', 'U0BEN')
      .execute();
    expect(events).toEqual([{ name: 'ask.stopped', outcome: 'stopped' }]);
  });

  it('stops when another replica received the stop (through the store)', async () => {
    fake.chunkDelayMs = 40;
    const said = await sendMessage(t, 'U0CAT', 'What is the per diem for business travel?');
    const first = await t.slack.waitFor(
      'chat.appendStream',
      (a) => a.channel === 'DU0CAT' && JSON.stringify(a.chunks).includes('60 EUR'),
      10_000,
    );
    await markSessionStopped(t.services.store, 'DU0CAT', said.ts);
    const stopped = Date.now();
    const stop = await t.slack.waitFor('chat.stopStream', (a) => a.ts === first.args.ts, 1500);
    expect(Date.now() - stopped).toBeLessThan(1000);
    expect(JSON.stringify(stop.args.chunks)).toContain('Stopped');
    await t.slack.waitFor('agents.sessions.setStatus', (a) => a.thread_ts === said.ts && a.status === 'active', 1500);
  });

  it('keeps the legacy assistant pane: its own status and title, no agent session', async () => {
    fake.chunkDelayMs = 0;
    const thread = '1700000000.000100';
    await t.send.event({
      type: 'assistant_thread_started',
      assistant_thread: { user_id: 'U0DAN', channel_id: 'DU0DAN', thread_ts: thread, context: {} },
    });
    await t.slack.waitFor('chat.postMessage', (a) => a.channel === 'DU0DAN' && String(a.text).startsWith('Hi!'));
    await sendMessage(t, 'U0DAN', 'What is the per diem for business travel?', { thread });
    await t.slack.waitFor('chat.stopStream', (a) => a.channel === 'DU0DAN');
    expect(t.slack.callsTo('assistant.threads.setStatus').some((c) => c.args.thread_ts === thread)).toBe(true);
    expect(t.slack.threadTitles.get(`DU0DAN:${thread}`)).toBe('What is the per diem for business travel?');
    expect(statuses('DU0DAN', thread)).toEqual([]);
  });
});
