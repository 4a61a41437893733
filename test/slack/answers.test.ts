import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, NOT_FOUND_TEXT, parseFeedbackValue } from '../../src/slack/blocks/answer.js';

const eventOf = (value: string) => parseFeedbackValue(value)?.eventId ?? '';

import { blocksText, button, buttons, click, nextTs, useRetriever } from '../helpers/answers.js';
import { settle, startTestApp, type TestApp } from '../helpers/app.js';
import { ROOT } from '../helpers/cli.js';
import { dm, mention, press, replyTo, sendMessage } from '../helpers/dm.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

const USERS = [
  { id: 'U0ALICE', name: 'alice', department: 'Engineering' },
  { id: 'U0FIONA', name: 'fiona', department: 'Finance' },
  { id: 'U0SAM', name: 'sam', department: 'Sales' },
  { id: 'U0FRANK', name: 'frank', department: 'Finance' },
];

describe('answers in Slack', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      users: USERS,
      env: { KIKI_ROUTING: path.join(ROOT, 'examples/routing.yml'), KIKI_ADMINS: 'U0ADMIN', KIKI_PROFILE_DEPARTMENTS: 'true' },
    });
    useRetriever(t, new MemoryRetriever(SAMPLE_DOCS));
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers a DM in a thread, citing the document with a link', async () => {
    const { reply } = await dm(t, 'U0ALICE', 'What is the per diem for business travel?');
    const shown = blocksText(reply);
    expect(shown).toContain('60 EUR a day within Europe');
    expect(shown).toContain('[1]');
    expect(shown).toContain('<https://intranet.example.com/travel|Travel policy › Per diem>');
    expect(buttons(reply).map((b) => b.action_id)).toEqual([ACTION.feedbackUp, ACTION.feedbackDown, ACTION.handoff]);
    // Offline answers take milliseconds: posted at once, never streamed.
    expect(t.slack.callsTo('chat.startStream')).toHaveLength(0);
  });

  it('answers an @mention in its thread, and a follow-up there without a new mention, using the thread', async () => {
    const first = await mention(t, 'C0GENERAL', 'U0ALICE', 'How many days of paid time off do I get?');
    expect(blocksText(first.reply)).toContain('27 days of paid time off');

    const second = await dm(t, 'U0ALICE', 'and for contractors?', { channel: 'C0GENERAL', channelType: 'channel', thread: first.ts });
    expect(blocksText(second.reply)).toMatch(/Contractors follow the terms of their own contract/);
  });

  it('ignores a thread reply in a channel thread Kiki is not part of', async () => {
    const root = t.slack.addUserMessage('C0RANDOM', 'U0ALICE', 'lunch?');
    const before = t.slack.callsTo('chat.postMessage').length;
    await sendMessage(t, 'U0SAM', 'what is the per diem?', { channel: 'C0RANDOM', channelType: 'channel', thread: root.ts });
    await settle();
    expect(t.slack.callsTo('chat.postMessage').length).toBe(before);
  });

  it('says "not found" for an unanswerable question, cites nothing and offers the hand-off', async () => {
    const { reply } = await dm(t, 'U0ALICE', 'Can I bring my dog to the office on Fridays?');
    const shown = blocksText(reply);
    expect(shown).toContain(NOT_FOUND_TEXT);
    expect(shown).not.toContain('Sources');
    expect(shown).not.toMatch(/\[\d\]/);
    const human = button(reply, ACTION.handoff);
    expect(human).toBeDefined();
    expect(buttons(reply).map((b) => b.action_id)).not.toContain(ACTION.feedbackUp);
  });

  it('never shows a restricted document to someone outside its departments; a member sees it', async () => {
    const q = 'What is the engineering salary band for level 3?';
    const outsider = blocksText((await dm(t, 'U0SAM', q)).reply);
    expect(outsider).not.toContain('Salary bands');
    expect(outsider).not.toContain('70,000');
    const member = blocksText((await dm(t, 'U0FIONA', q)).reply);
    expect(member).toContain('Salary bands 2025');
    expect(member).toContain('70,000');
  });

  it('neutralises @channel, <!here> and mrkdwn injection from the question', async () => {
    const { reply } = await dm(
      t,
      'U0ALICE',
      '@channel <!here> <!channel> *URGENT* <http://evil.example|click me> can my dog come on Fridays?',
    );
    // What Slack renders: every text of the blocks (button values are never shown).
    const shown = JSON.stringify((reply.args.blocks as { type: string }[]).filter((b) => b.type !== 'actions'));
    expect(shown).not.toContain('<!here>');
    expect(shown).not.toContain('<!channel>');
    expect(shown).not.toMatch(/@channel/);
    expect(shown).not.toContain('<http://evil.example|click me>');
    expect(shown).toContain('&lt;!here&gt;');
  });

  it('stores a 👍, and a 👎 with its "what was wrong?" note', async () => {
    const { reply, channel, ts } = await dm(t, 'U0ALICE', 'How do I install the VPN client?');
    const up = button(reply, ACTION.feedbackUp);
    const msgTs = String(reply.args.__ts);
    await t.send.interaction(click(up, { user: 'U0ALICE', channel, messageTs: msgTs, threadTs: ts, responseUrl: t.slack.responseUrl() }));
    await t.slack.waitFor('response_url', (a) => String(a.text).startsWith('Thanks'));
    await t.services.usage.flush();
    const row = await t.services.store.db
      .selectFrom('usage_events')
      .selectAll()
      .where('id', '=', eventOf(up.value))
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ feedback: 1, name: 'ask.answered', feature: 'ask', surface: 'dm', department: 'Engineering' });
    expect(row.question).toBeNull();

    const down = button(reply, ACTION.feedbackDown);
    await t.send.interaction(click(down, { user: 'U0ALICE', channel, messageTs: msgTs, threadTs: ts, responseUrl: t.slack.responseUrl() }));
    const opened = await t.slack.waitFor('views.open');
    const view = opened.args.view as { callback_id: string; private_metadata: string };
    expect(JSON.parse(view.private_metadata).e).toBe(eventOf(down.value));
    await t.send.interaction({
      type: 'view_submission',
      user: { id: 'U0ALICE' },
      view: {
        id: 'V1',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: { values: { note: { note_input: { type: 'plain_text_input', value: 'It missed WireGuard on Linux' } } } },
      },
    });
    await settle();
    await t.services.usage.flush();
    const after = await t.services.store.db
      .selectFrom('usage_events')
      .selectAll()
      .where('id', '=', eventOf(down.value))
      .executeTakeFirstOrThrow();
    expect(after).toMatchObject({ feedback: -1, feedback_note: 'It missed WireGuard on Linux' });
  });

  it('hands over to the owning team, relays their reply to the asker, and closes on "Mark resolved"', async () => {
    const asked = await dm(t, 'U0ALICE', 'What is the per diem for business travel?');
    const { channel, ts } = asked;
    await press(t, 'U0ALICE', asked, ACTION.handoff, { withMessage: true });
    const post = await t.slack.waitFor('chat.postMessage', (a) => a.channel === 'C0FINANCE');
    const posted = blocksText(post);
    expect(posted).toContain('<@U0ALICE> (Engineering)');
    expect(posted).toContain('What is the per diem for business travel?');
    expect(posted).toContain('60 EUR');
    expect(posted).toContain('Travel policy');
    // Slack sends the message text back entity-escaped; it must not be escaped a second time.
    expect(posted).not.toContain('&amp;gt;');
    const told = await t.slack.waitFor(
      'chat.postMessage',
      (a) => a.channel === channel && a.thread_ts === ts && String(a.text).startsWith("I've asked"),
    );
    expect(blocksText(told)).toContain('<#C0FINANCE>');

    const postTs = String(post.args.__ts);
    await sendMessage(t, 'U0FRANK', 'Hi Alice, it is 60 EUR in Europe; <!channel> ignore', {
      channel: 'C0FINANCE',
      channelType: 'channel',
      thread: postTs,
    });
    const relayed = await t.slack.waitFor(
      'chat.postMessage',
      (a) => a.channel === channel && a.thread_ts === ts && String(a.text).includes('replied'),
    );
    expect(String(relayed.args.text)).toContain('Hi Alice, it is 60 EUR in Europe');
    expect(String(relayed.args.text)).not.toContain('<!channel>');

    const resolve = button(told, ACTION.resolve);
    await press(t, 'U0ALICE', { channel, thread: ts, reply: told }, ACTION.resolve);
    await t.slack.waitFor(
      'chat.postMessage',
      (a) => a.channel === 'C0FINANCE' && a.thread_ts === postTs && String(a.text) === 'Marked resolved.',
    );
    await t.services.usage.flush();
    const handoff = await t.services.store.db
      .selectFrom('handoffs')
      .selectAll()
      .where('handoffs.id', '=', resolve.value)
      .executeTakeFirstOrThrow();
    expect(handoff.first_reply_at).not.toBeNull();
    expect(handoff.resolved_by).toBe('U0ALICE');
    const event = await t.services.store.db
      .selectFrom('usage_events')
      .selectAll()
      .where('id', '=', handoff.usage_event_id)
      .executeTakeFirstOrThrow();
    // The hand-off is stamped on the answer's own event: one question, handed off, not two interactions.
    expect(event).toMatchObject({ name: 'ask.answered', user_id: 'U0ALICE' });
    const extra = await t.services.store.db.selectFrom('usage_events').select('id').where('name', '=', 'ask.handed_off').execute();
    expect(extra).toHaveLength(0);
    expect(event.handoff_opened_at).not.toBeNull();
    expect(event.handoff_first_reply_at).not.toBeNull();
    expect(event.handoff_resolved_at).not.toBeNull();
  });

  it('hands over when the asker says "talk to a human", with the question before it', async () => {
    const { channel, ts } = await dm(t, 'U0ALICE', 'How do I set up the VPN?');
    await sendMessage(t, 'U0ALICE', 'this is useless, can I talk to a human please', { channel, thread: ts });
    const post = await t.slack.waitFor('chat.postMessage', (a) => a.channel === 'C0ITHELP');
    expect(blocksText(post)).toContain('How do I set up the VPN?');
    expect(blocksText(post)).toContain('<!subteam^S0ITHELP>');
  });

  it('hands a thread over by its subject, quoting the question that started it, not only the last message', async () => {
    const starter = 'I got a phishing email that looks like it is from our CEO, what should I do?';
    const { channel, ts } = await dm(t, 'U0SAM', starter);
    const followUp = await sendMessage(t, 'U0SAM', 'what if I already clicked the link in it?', { channel, thread: ts });
    await replyTo(t, followUp);
    await sendMessage(t, 'U0SAM', 'talk to a human', { channel, thread: ts });
    const post = await t.slack.waitFor(
      'chat.postMessage',
      (a) => String(a.text).endsWith('handed over by Kiki') && JSON.stringify(a.blocks).includes('U0SAM'),
    );
    expect(post.args.channel).toBe('C0SECURITY');
    expect(blocksText(post)).toContain(starter);
  });

  it('answers /kiki <question> ephemerally with a share button; sharing posts it in the channel', async () => {
    const responseUrl = t.slack.responseUrl();
    const key = responseUrl.split('/').pop();
    const res = await t.send.command({
      command: '/kiki',
      text: 'what is the per diem for business travel',
      user_id: 'U0ALICE',
      response_url: responseUrl,
    });
    expect(res.status).toBe(200);
    const reply = await t.slack.waitFor('response_url', (a) => a.response_key === key && Array.isArray(a.blocks));
    expect(reply.args.response_type).toBe('ephemeral');
    expect(blocksText(reply)).toContain('60 EUR');
    const share = button(reply, ACTION.share);
    const shareUrl = t.slack.responseUrl();
    await t.send.interaction({
      ...click(share, { user: 'U0ALICE', channel: 'C0GENERAL', messageTs: '1.1', responseUrl: shareUrl }),
      container: { type: 'message', channel_id: 'C0GENERAL', message_ts: '1.1', is_ephemeral: true },
    });
    const shared = await t.slack.waitFor(
      'response_url',
      (a) => a.response_key === shareUrl.split('/').pop() && a.response_type === 'in_channel',
    );
    expect(blocksText(shared)).toContain('<@U0ALICE> shared');
    expect(blocksText(shared)).toContain('60 EUR');
  });

  it('keeps /kiki reindex for admins', async () => {
    const res = await t.send.command({ command: '/kiki', text: 'reindex', user_id: 'U0SAM', response_url: t.slack.responseUrl() });
    expect(res.json<{ text: string }>().text).toContain('Only Kiki admins');
  });

  it('greets in the assistant pane with suggested prompts, shows a status and a title, and answers', async () => {
    const threadTs = nextTs();
    await t.send.event({
      type: 'assistant_thread_started',
      assistant_thread: { user_id: 'U0FIONA', channel_id: 'D0PANE', thread_ts: threadTs, context: {} },
    });
    const prompts = await t.slack.waitFor('assistant.threads.setSuggestedPrompts', (a) => a.thread_ts === threadTs);
    expect(JSON.stringify(prompts.args.prompts)).toContain('Per diem');
    await sendMessage(t, 'U0FIONA', 'What is the per diem for business travel?', { channel: 'D0PANE', thread: threadTs });
    const reply = await t.slack.waitFor(
      'chat.postMessage',
      (a) => a.channel === 'D0PANE' && a.thread_ts === threadTs && Array.isArray(a.blocks),
    );
    expect(blocksText(reply)).toContain('60 EUR');
    await t.slack.waitFor('assistant.threads.setStatus', (a) => a.thread_ts === threadTs && String(a.status).includes('searching'));
    await t.slack.waitFor('assistant.threads.setTitle', (a) => a.thread_ts === threadTs);
    await t.services.usage.flush();
    const row = await t.services.store.db
      .selectFrom('usage_events')
      .select(['surface', 'department'])
      .where('user_id', '=', 'U0FIONA')
      .orderBy('ts', 'desc')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ surface: 'assistant', department: 'Finance' });
  });

  it('answers with an apology and records an error when retrieval fails', async () => {
    const saved = t.services.assistant;
    useRetriever(t, { search: async () => Promise.reject(new Error('index exploded')) });
    try {
      const { reply } = await dm(t, 'U0SAM', 'What is the per diem?');
      expect(String(reply.args.text)).toMatch(/^Sorry/);
      expect(String(reply.args.text)).not.toContain('exploded');
      // The failure is counted as an error in the adoption figures, not as an answer or a "not found".
      await t.services.usage.flush();
      const events = await t.services.store.db
        .selectFrom('usage_events')
        .select(['name', 'outcome'])
        .where('user_id', '=', 'U0SAM')
        .orderBy('ts', 'desc')
        .limit(1)
        .execute();
      expect(events).toEqual([{ name: 'ask.error', outcome: 'error' }]);
    } finally {
      t.services.assistant = saved;
    }
  });
});
