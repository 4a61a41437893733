import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, parseFeedbackValue } from '../../src/slack/blocks/answer.js';
import { blocksText, button, click, nextTs, useRetriever } from '../helpers/answers.js';
import { settle, startTestApp, type TestApp } from '../helpers/app.js';
import { ROOT } from '../helpers/cli.js';
import { dm, mention, press, sendMessage } from '../helpers/dm.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';
import { POSITIVE_EN } from '../helpers/press.js';

/** Issue 13: what real Slack payloads and Slack's own limits found. */
const USERS = [
  { id: 'U0ALICE', name: 'alice', department: 'Engineering' },
  { id: 'U0FIONA', name: 'fiona', department: 'Finance' },
  { id: 'U0COMM01', name: 'comms', department: 'Comms' },
];

describe('Slack’s rules and real payloads', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      users: USERS,
      env: {
        KIKI_ROUTING: path.join(ROOT, 'examples/routing.yml'),
        KIKI_ALLOW_PRIVATE_URLS: 'true',
        KIKI_SENTIMENT_DEPARTMENTS: 'Comms',
        // The test users' departments come from their Slack profiles (no people CSV here).
        KIKI_PROFILE_DEPARTMENTS: 'true',
      },
    });
    useRetriever(t, new MemoryRetriever(SAMPLE_DOCS));
  });
  afterAll(async () => {
    await t.close();
  });

  const answersIn = (channel: string, threadTs: string) =>
    t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === channel && c.args.thread_ts === threadTs);

  it('answers an edited mention once: the edit arrives as a new event for the same message', async () => {
    const root = await mention(t, 'C0GENERAL', 'U0ALICE', 'What is the per diem for business travel?');
    await t.send.event({ ...root.event, text: `${root.event.text} (edited)`, edited: { user: 'U0ALICE', ts: nextTs() } });
    await settle(500);
    expect(answersIn('C0GENERAL', root.ts)).toHaveLength(1);
  });

  it('does not answer the edit of a mention more than a day old (its marker is purged after a day)', async () => {
    const dayOld = `${Math.floor(Date.now() / 1000) - 25 * 3600}.000100`;
    const text = '<@UKIKIBOT> What is the per diem for business travel? (edited)';
    await t.send.event({
      type: 'app_mention',
      channel: 'C0GENERAL',
      user: 'U0ALICE',
      text,
      ts: dayOld,
      edited: { user: 'U0ALICE', ts: nextTs() },
    });
    const fresh = t.slack.addUserMessage('C0GENERAL', 'U0ALICE', '<@UKIKIBOT> What is the per diem for business travel?');
    await t.send.event({ type: 'app_mention', channel: 'C0GENERAL', user: 'U0ALICE', text: fresh.text, ts: fresh.ts });
    await t.slack.waitFor('chat.postMessage', (a) => a.thread_ts === fresh.ts);
    await settle(300);
    expect(answersIn('C0GENERAL', dayOld)).toHaveLength(0);
  });

  it('answers a DM thread reply sent with "Also send as direct message" (thread_broadcast)', async () => {
    const root = t.slack.addUserMessage('DU0ALICE', 'U0ALICE', 'hello');
    const { reply: answer } = await dm(t, 'U0ALICE', 'What is the per diem for business travel?', {
      thread: root.ts,
      event: { subtype: 'thread_broadcast', root: { ts: root.ts, text: 'hello', user: 'U0ALICE' } },
    });
    expect(blocksText(answer)).toContain('60 EUR');
  });

  it('answers a /me message in a DM', async () => {
    const { reply: answer } = await dm(t, 'U0FIONA', 'wonders what the per diem for business travel is', {
      event: { subtype: 'me_message' },
    });
    expect(blocksText(answer)).toContain('60 EUR');
  });

  it('says that a file sent with a question was not read', async () => {
    const { reply: answer } = await dm(t, 'U0ALICE', 'What is the per diem for business travel?', {
      event: { subtype: 'file_share', files: [{ id: 'F1', name: 'receipt.pdf', mimetype: 'application/pdf' }] },
    });
    expect(blocksText(answer)).toContain('60 EUR');
    expect(blocksText(answer)).toMatch(/did not read .*receipt\.pdf/);
  });

  it('keeps every button value within Slack’s 2,000 characters for a question full of quotes, backslashes and newlines', async () => {
    const question = `Can I bring my dog? ${'"\\\n'.repeat(600)}`;
    const { reply: answer } = await dm(t, 'U0ALICE', question);
    expect(answer.result?.ok, JSON.stringify(answer.result)).toBe(true);
    expect(button(answer, ACTION.handoff).value.length).toBeLessThanOrEqual(2000);
  });

  it('sets the assistant thread title once, from the first question', async () => {
    const threadTs = nextTs();
    await t.send.event({
      type: 'assistant_thread_started',
      assistant_thread: { user_id: 'U0FIONA', channel_id: 'D0PANE2', thread_ts: threadTs, context: {} },
    });
    await t.slack.waitFor('assistant.threads.setSuggestedPrompts', (a) => a.thread_ts === threadTs);
    for (const text of ['What is the per diem for business travel?', 'and for contractors?']) {
      await dm(t, 'U0FIONA', text, { channel: 'D0PANE2', thread: threadTs });
    }
    const titles = t.slack.callsTo('assistant.threads.setTitle').filter((c) => c.args.thread_ts === threadTs);
    expect(titles.map((c) => c.args.title)).toEqual(['What is the per diem for business travel?']);
  });

  it('acknowledges a 👎 that comes with a comment', async () => {
    const asked = await dm(t, 'U0ALICE', 'How do I install the VPN client?');
    const down = button(asked.reply, ACTION.feedbackDown);
    await press(t, 'U0ALICE', asked, ACTION.feedbackDown);
    const opened = await t.slack.waitFor('views.open', (a) =>
      String((a.view as { private_metadata?: string }).private_metadata).includes(String(parseFeedbackValue(down.value)?.eventId)),
    );
    const view = opened.args.view as {
      callback_id: string;
      private_metadata: string;
      blocks: { label?: { text: string }; optional?: boolean }[];
    };
    // Slack adds "(optional)" to the label of an optional input itself.
    for (const b of view.blocks) if (b.optional) expect(b.label?.text).not.toMatch(/\(optional\)/i);
    const before = t.slack.callsTo('chat.postMessage').length + t.slack.callsTo('chat.postEphemeral').length;
    await t.send.interaction({
      type: 'view_submission',
      user: { id: 'U0ALICE' },
      view: {
        id: 'V1',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: { values: { note: { note_input: { type: 'plain_text_input', value: 'It missed WireGuard' } } } },
      },
    });
    await t.slack.waitFor('chat.postEphemeral', (a) => a.user === 'U0ALICE' && /thank/i.test(String(a.text)), 3000);
    expect(t.slack.callsTo('chat.postMessage').length + t.slack.callsTo('chat.postEphemeral').length).toBeGreaterThan(before);
  });

  it('hands over without double-escaping what the person typed, links the team channel, and drops "Mark resolved" once resolved', async () => {
    // Slack sends message text entity-escaped: "> 50 EUR & tax" arrives as "&gt; 50 EUR &amp; tax".
    const text = 'Is the per diem for business travel &gt; 50 EUR &amp; tax free?';
    const m = await dm(t, 'U0ALICE', text);
    await press(t, 'U0ALICE', m, ACTION.handoff, { withMessage: true });
    const post = await t.slack.waitFor(
      'chat.postMessage',
      (a) => a.channel === 'C0FINANCE' && blocksText({ args: a } as never).includes('50 EUR'),
    );
    expect(blocksText(post)).toContain('&gt; 50 EUR &amp; tax free?');
    expect(blocksText(post)).not.toContain('&amp;gt;');
    const told = await t.slack.waitFor(
      'chat.postMessage',
      (a) => a.channel === 'DU0ALICE' && a.thread_ts === m.ts && String(a.text).startsWith("I've asked"),
    );
    expect(blocksText(told)).toContain('<#C0FINANCE>');
    const postTs = String(post.args.__ts);
    await sendMessage(t, 'U0FRANK', 'Yes: 60 &gt; 50', { channel: 'C0FINANCE', channelType: 'channel', thread: postTs });
    const relayed = await t.slack.waitFor('chat.postMessage', (a) => a.channel === 'DU0ALICE' && String(a.text).includes('replied'));
    expect(String(relayed.args.text)).toContain('60 &gt; 50');
    expect(String(relayed.args.text)).not.toContain('&amp;gt;');

    const toldTs = String(told.args.__ts);
    await press(t, 'U0ALICE', { channel: 'DU0ALICE', thread: m.ts, reply: told }, ACTION.resolve, { withMessage: true });
    const hasResolve = (ts: string, channel: string) =>
      JSON.stringify(t.slack.findMessage(channel, ts)?.blocks ?? []).includes(ACTION.resolve);
    await expect.poll(() => hasResolve(toldTs, 'DU0ALICE')).toBe(false);
    await expect.poll(() => hasResolve(postTs, 'C0FINANCE')).toBe(false);
    expect(JSON.stringify(t.slack.findMessage('C0FINANCE', postTs)?.blocks)).toContain('Marked resolved by <@U0ALICE>');
  });

  it('turns the App Home’s suggested questions into buttons that ask', async () => {
    await t.send.event({ type: 'app_home_opened', user: 'U0FIONA', channel: 'DU0FIONA', tab: 'home' });
    const home = await t.slack.waitFor('views.publish', (a) => a.user_id === 'U0FIONA');
    const blocks = (home.args.view as { blocks: { type: string; elements?: { action_id?: string; value?: string }[] }[] }).blocks;
    const ask = blocks.flatMap((b) => b.elements ?? []).find((e) => e.value === 'What is the per diem for business travel?');
    expect(ask?.action_id).toMatch(/^kiki_home_ask_/);
    await t.send.interaction({
      type: 'block_actions',
      user: { id: 'U0FIONA' },
      container: { type: 'view', view_id: 'VH1' },
      trigger_id: 'trigger-home',
      actions: [{ type: 'button', action_id: ask?.action_id, block_id: 'kiki_home_prompts', value: ask?.value, action_ts: '1' }],
    });
    const answer = await t.slack.waitFor(
      'chat.postMessage',
      (a) => a.channel === 'DU0FIONA' && Boolean(a.thread_ts) && blocksText({ args: a } as never).includes('60 EUR'),
    );
    expect(blocksText(answer)).toContain('Travel policy');
  });

  it('still counts a click on the 👍 button of an answer posted before feedback_buttons', async () => {
    const eventId = t.services.usage.record({
      name: 'ask.answered',
      userId: 'U0ALICE',
      feature: 'ask',
      surface: 'dm',
      outcome: 'answered',
    });
    await t.services.usage.flush();
    await t.send.interaction(
      click(
        {
          action_id: ACTION.feedbackUp,
          sent_action_id: ACTION.feedbackUp,
          type: 'button',
          value: eventId,
          block_id: 'kiki_answer_actions',
        },
        { user: 'U0ALICE', channel: 'DU0ALICE', messageTs: nextTs(), responseUrl: t.slack.responseUrl() },
      ),
    );
    await t.slack.waitFor('response_url', (a) => String(a.text).startsWith('Thanks'));
    await t.services.usage.flush();
    const row = await t.services.store.db.selectFrom('usage_events').select('feedback').where('id', '=', eventId).executeTakeFirstOrThrow();
    expect(row.feedback).toBe(1);
  });

  it('keeps the sentiment report when the chart upload fails, and says how to get the chart', async () => {
    t.slack.failNext('files.completeUploadExternal', 'not_in_channel');
    await t.send.command({
      command: '/kiki-sentiment',
      text: POSITIVE_EN,
      user_id: 'U0COMM01',
      channel_id: 'C0PRESS',
      response_url: t.slack.responseUrl(),
    });
    const note = await t.slack.waitFor('chat.postMessage', (a) => a.channel === 'C0PRESS' && /invite/i.test(String(a.text)), 10_000);
    expect(String(note.args.text)).toMatch(/\/invite @Kiki/);
    const report = t.slack.messages.find((x) => x.channel === 'C0PRESS' && JSON.stringify(x.blocks ?? []).includes('sentiment'));
    expect(JSON.stringify(report?.blocks)).not.toMatch(/^Sorry/);
    expect(String(report?.text)).not.toMatch(/Sorry/);
  });

  it('never shows a raw network error code such as (ECONNREFUSED)', async () => {
    await t.send.command({
      command: '/kiki-sentiment',
      text: 'http://127.0.0.1:1/article',
      user_id: 'U0COMM01',
      channel_id: 'C0PRESS2',
      response_url: t.slack.responseUrl(),
    });
    const done = await t.slack.waitFor('chat.update', (a) => a.channel === 'C0PRESS2' && /couldn't read/.test(String(a.text)), 10_000);
    expect(String(done.args.text)).not.toMatch(/\(E[A-Z]+\)/);
    expect(String(done.args.text)).toMatch(/127\.0\.0\.1/);
  });
});
