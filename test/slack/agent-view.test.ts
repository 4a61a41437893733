import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksText, useRetriever } from '../helpers/answers.js';
import { settle, startTestApp, type TestApp } from '../helpers/app.js';
import { ROOT } from '../helpers/cli.js';
import { sendMessage } from '../helpers/dm.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

/** Slack's agent view: the Messages tab, app_context_changed, and group DMs. */
describe('agent view', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: 'U0FIONA', name: 'fiona', department: 'Finance' },
        { id: 'U0LEGAL', name: 'lena', department: 'Legal' },
      ],
      env: { KIKI_ROUTING: path.join(ROOT, 'examples/routing.yml') },
    });
    useRetriever(t, new MemoryRetriever(SAMPLE_DOCS));
  });
  afterAll(async () => {
    await t.close();
  });

  const promptsFor = (channel: string) =>
    t.slack.callsTo('assistant.threads.setSuggestedPrompts').filter((c) => c.args.channel_id === channel);

  it('greets a person opening the Messages tab once, with suggested prompts for their department', async () => {
    for (let i = 0; i < 2; i++) {
      await t.send.event({ type: 'app_home_opened', user: 'U0FIONA', channel: 'DU0FIONA', tab: 'messages' });
      await t.slack.waitFor('assistant.threads.setSuggestedPrompts', () => promptsFor('DU0FIONA').length > i);
    }
    await settle();
    const [first] = promptsFor('DU0FIONA');
    expect(first?.args.thread_ts).toBeUndefined();
    expect(JSON.stringify(first?.args.prompts)).toContain('What is the per diem for business travel?');
    const greetings = t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'DU0FIONA');
    expect(greetings).toHaveLength(1);
    expect(String(greetings[0]?.args.text)).toMatch(/^Hi!/);
  });

  it('suggests the questions of the team whose channel the person is looking at (app_context_changed)', async () => {
    await t.send.event({
      type: 'app_context_changed',
      user: 'U0LEGAL',
      channel: 'DU0LEGAL',
      context: { entities: [{ type: 'slack#/types/channel_id', value: 'C0FINANCE', team_id: 'T0KIKI' }] },
    });
    const call = await t.slack.waitFor('assistant.threads.setSuggestedPrompts', (a) => a.channel_id === 'DU0LEGAL');
    expect(call.args.title).toBe('Questions for Finance');
    expect(JSON.stringify(call.args.prompts)).toContain('per diem');
    await t.send.event({ type: 'app_context_changed', user: 'U0LEGAL', channel: 'DU0LEGAL', context: {} });
    await t.slack.waitFor('assistant.threads.setSuggestedPrompts', () => promptsFor('DU0LEGAL').length > 1);
    expect(JSON.stringify(promptsFor('DU0LEGAL')[1]?.args.prompts)).toContain('Signature authority');
  });

  it('routes a hand-off from the Messages tab to the team whose channel the person is viewing, and forgets it when they leave', async () => {
    const view = (entities: unknown[]) =>
      t.send.event({ type: 'app_context_changed', user: 'U0LEGAL', channel: 'DU0LEGAL', context: entities.length ? { entities } : {} });
    await view([{ type: 'slack#/types/channel_id', value: 'C0FINANCE', team_id: 'T0KIKI' }]);
    await t.slack.waitFor(
      'assistant.threads.setSuggestedPrompts',
      (a) => a.channel_id === 'DU0LEGAL' && a.title === 'Questions for Finance',
    );
    const before = t.slack.callsTo('chat.postMessage').length;
    await sendMessage(t, 'U0LEGAL', 'I need to talk to a human please');
    const post = await t.slack.waitFor('chat.postMessage', (a) => ['C0FINANCE', 'C0LEGAL'].includes(String(a.channel)));
    expect(post.args.channel).toBe('C0FINANCE');
    expect(t.slack.callsTo('chat.postMessage').length).toBeGreaterThan(before);
    await view([]);
    await settle();
    const after = t.slack.calls.length;
    await sendMessage(t, 'U0LEGAL', 'Can I talk to a human?');
    // Without a channel in view (and no department in a directory), the routing table's fallback takes it.
    const next = await t.slack.waitFor(
      'chat.postMessage',
      (a) => t.slack.calls.indexOf(t.slack.calls.find((c) => c.args === a)!) >= after && String(a.channel).startsWith('C0'),
    );
    expect(next.args.channel).toBe('C0HELPDESK');
  });

  it('answers a follow-up in a group-DM thread it answered in', async () => {
    const root = t.slack.addUserMessage('C0MPIM', 'U0FIONA', '<@UKIKIBOT> How many days of paid time off do I get?');
    await t.send.event({ type: 'app_mention', channel: 'C0MPIM', user: 'U0FIONA', text: root.text, ts: root.ts });
    await t.slack.waitFor('chat.postMessage', (a) => a.thread_ts === root.ts);
    const follow = t.slack.addUserMessage('C0MPIM', 'U0FIONA', 'and for contractors?', root.ts);
    await t.send.event({
      type: 'message',
      channel_type: 'mpim',
      channel: 'C0MPIM',
      user: 'U0FIONA',
      text: follow.text,
      ts: follow.ts,
      thread_ts: root.ts,
    });
    const second = await t.slack.waitFor(
      'chat.postMessage',
      (a) => a.thread_ts === root.ts && t.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === root.ts).length > 1,
    );
    expect(blocksText(second)).toMatch(/Contractors/);
  });
});
