import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APOLOGY } from '../../src/errors.js';
import { ACTION } from '../../src/slack/blocks/answer.js';
import { click, nextTs, useRetriever } from '../helpers/answers.js';
import { settle, startTestApp, type TestApp } from '../helpers/app.js';
import { ROOT } from '../helpers/cli.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

// What a person sees when a button, a menu or the assistant pane fails behind the scenes: a short apology or
// a plain reason where they clicked, never silence and never the raw error.
const USERS = [
  { id: 'U0ALICE', name: 'alice', department: 'Engineering' },
  { id: 'U0LEGA01', name: 'lena', department: 'Legal' },
];
const RAW = 'disk I/O error at /var/lib/kiki';

describe('failure paths users can notice', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ users: USERS, env: { KIKI_DIRECTORY: path.join(ROOT, 'examples/people.csv') } });
    useRetriever(t, new MemoryRetriever(SAMPLE_DOCS));
  });
  afterAll(async () => {
    await t.close();
  });

  const replyTo = (url: string) => t.slack.waitFor('response_url', (a) => a.response_key === url.split('/').pop());
  const noRawText = () => {
    const everything = JSON.stringify(t.slack.callsTo('chat.postMessage').concat(t.slack.callsTo('response_url')));
    expect(everything).not.toContain(RAW);
    expect(everything).not.toMatch(/\n\s+at /);
  };
  const button = (actionId: string, value: string) => ({
    action_id: actionId,
    value,
    block_id: 'b1',
    type: 'button',
    sent_action_id: actionId,
  });

  it('share-answer: when answering again fails, the sharer is told privately and nothing reaches the channel', async () => {
    const saved = t.services.assistant;
    useRetriever(t, { search: () => Promise.reject(new Error(RAW)) });
    try {
      const url = t.slack.responseUrl();
      await t.send.interaction({
        ...click(button(ACTION.share, JSON.stringify({ e: 'ev-share', q: 'What is the per diem?' })), {
          user: 'U0ALICE',
          channel: 'C0GENERAL',
          messageTs: '1.1',
          responseUrl: url,
        }),
        container: { type: 'message', channel_id: 'C0GENERAL', message_ts: '1.1', is_ephemeral: true },
      });
      const reply = await replyTo(url);
      expect(reply.args).toMatchObject({ response_type: 'ephemeral', replace_original: false });
      expect(String(reply.args.text)).toMatch(/^Sorry/);
      await settle();
      expect(t.slack.callsTo('response_url').filter((c) => c.args.response_type === 'in_channel')).toEqual([]);
      noRawText();
    } finally {
      t.services.assistant = saved;
    }
  });

  it('feedback-button: when the 👎 form cannot open, the clicker gets an apology and the 👎 is kept', async () => {
    const id = t.services.usage.record({ name: 'ask.answered', feature: 'ask', surface: 'dm', userId: 'U0ALICE', outcome: 'answered' });
    await t.services.usage.flush();
    t.slack.failNext('views.open', 'expired_trigger_id');
    const url = t.slack.responseUrl();
    await t.send.interaction(
      click(button(ACTION.feedbackDown, id), { user: 'U0ALICE', channel: 'DU0ALICE', messageTs: '2.2', responseUrl: url }),
    );
    const reply = await replyTo(url);
    expect(reply.args.text).toBe(APOLOGY);
    await t.services.usage.flush();
    const row = await t.services.store.db.selectFrom('usage_events').select('feedback').where('id', '=', id).executeTakeFirst();
    expect(row?.feedback).toBe(-1);
    noRawText();
  });

  it('mark-resolved: a stale button says the hand-off is unknown, a second click that it is already resolved', async () => {
    const unknownUrl = t.slack.responseUrl();
    await t.send.interaction(
      click(button(ACTION.resolve, 'no-such-handoff'), { user: 'U0ALICE', channel: 'C0PEOPLE', messageTs: '3.3', responseUrl: unknownUrl }),
    );
    expect((await replyTo(unknownUrl)).args.text).toBe("I don't know this hand-off any more.");

    const h = await t.services.handoffs.open({
      usage_event_id: 'ev-h',
      answer_event_id: null,
      asker_id: 'U0ALICE',
      asker_channel: 'DU0ALICE',
      asker_thread_ts: null,
      team: 'People',
      route_channel: 'C0PEOPLE',
    });
    const first = t.slack.responseUrl();
    await t.send.interaction(
      click(button(ACTION.resolve, h.id), { user: 'U0ALICE', channel: 'C0PEOPLE', messageTs: '3.4', responseUrl: first }),
    );
    await expect.poll(async () => (await t.services.handoffs.get(h.id))?.resolved_by).toBe('U0ALICE');
    const again = t.slack.responseUrl();
    await t.send.interaction(
      click(button(ACTION.resolve, h.id), { user: 'U0ALICE', channel: 'C0PEOPLE', messageTs: '3.4', responseUrl: again }),
    );
    expect((await replyTo(again)).args.text).toBe('This was already marked resolved.');
  });

  it('mark-resolved: when the store is down, the clicker gets an apology, not the database error', async () => {
    const saved = t.services.handoffs.get;
    t.services.handoffs.get = () => Promise.reject(new Error(RAW));
    try {
      const url = t.slack.responseUrl();
      await t.send.interaction(
        click(button(ACTION.resolve, 'h1'), { user: 'U0ALICE', channel: 'C0PEOPLE', messageTs: '3.5', responseUrl: url }),
      );
      expect((await replyTo(url)).args.text).toBe(APOLOGY);
      noRawText();
    } finally {
      t.services.handoffs.get = saved;
    }
  });

  it('thread-started: when the store is down, the assistant pane shows an apology in its thread instead of staying blank', async () => {
    const saved = t.services.askThreads.remember;
    t.services.askThreads.remember = () => Promise.reject(new Error(RAW));
    try {
      const threadTs = nextTs();
      await t.send.event({
        type: 'assistant_thread_started',
        assistant_thread: { user_id: 'U0ALICE', channel_id: 'D0PANE1', thread_ts: threadTs, context: {} },
      });
      const reply = await t.slack.waitFor('chat.postMessage', (a) => a.channel === 'D0PANE1' && a.thread_ts === threadTs);
      expect(reply.args.text).toBe(APOLOGY);
      noRawText();
    } finally {
      t.services.askThreads.remember = saved;
    }
  });

  it('thread-started: when the suggested prompts cannot be set, the greeting still stands and no apology follows', async () => {
    t.slack.failNext('assistant.threads.setSuggestedPrompts');
    const threadTs = nextTs();
    await t.send.event({
      type: 'assistant_thread_started',
      assistant_thread: { user_id: 'U0ALICE', channel_id: 'D0PANE2', thread_ts: threadTs, context: {} },
    });
    const greeting = await t.slack.waitFor('chat.postMessage', (a) => a.channel === 'D0PANE2' && a.thread_ts === threadTs);
    expect(String(greeting.args.text)).toMatch(/^Hi! Ask me about our policies/);
    await settle();
    const posts = t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'D0PANE2');
    expect(posts.map((p) => p.args.text)).not.toContain(APOLOGY);
  });

  const selectTemplate = (viewId: string, value: string) =>
    t.send.interaction({
      type: 'block_actions',
      user: { id: 'U0LEGA01' },
      trigger_id: 'trig-x',
      view: { id: viewId, hash: 'h1', callback_id: 'kiki_contract', private_metadata: '{}', state: { values: {} } },
      actions: [
        {
          type: 'static_select',
          action_id: 'contract_template',
          block_id: 'template',
          selected_option: { value, text: { type: 'plain_text', text: value } },
        },
      ],
    });

  it('contract-template-select: a template removed since the modal opened is named in the modal, with the ones there are', async () => {
    await t.send.command({ command: '/kiki-contract', text: '', user_id: 'U0LEGA01', response_url: t.slack.responseUrl() });
    // The contract modal this command opened (an earlier test's views.open is in the same fake's history).
    await t.slack.waitFor('views.open', (a) => (a.view as { callback_id?: string } | undefined)?.callback_id === 'kiki_contract');
    const viewId = [...t.slack.views.values()].filter((v) => v.view.callback_id === 'kiki_contract').at(-1)?.id as string;
    expect(viewId).toBeTruthy();
    await selectTemplate(viewId, 'retired-lease');
    const update = await t.slack.waitFor('views.update', (a) => a.view_id === viewId);
    const shown = JSON.stringify(update.args.view);
    expect(shown).toContain('There is no contract template \\"retired-lease\\"');
    expect(shown).toContain('mutual-nda');
  });

  it('contract-template-select: when Slack refuses the update, the user is told in their DM, without internals', async () => {
    t.slack.failNext('views.update', 'hash_conflict');
    await selectTemplate('V-gone', 'mutual-nda');
    const dm = await t.slack.waitFor('chat.postMessage', (a) => a.channel === 'U0LEGA01');
    expect(dm.args.text).toBe(APOLOGY);
    expect(String(dm.args.text)).not.toContain('hash_conflict');
  });
});
