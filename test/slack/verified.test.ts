import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/retrieval/ingest.js';
import type { RecordedCall } from '../../src/sandbox/fake-slack.js';
import { ACTION } from '../../src/slack/blocks/answer.js';
import { VERIFIED_ACTION, VERIFIED_FIELDS } from '../../src/slack/blocks/verified.js';
import { sendReviewReminders } from '../../src/slack/verified-flow.js';
import { blocksText, button, useRetriever } from '../helpers/answers.js';
import { settle, startTestApp, type TestApp } from '../helpers/app.js';
import { ROOT } from '../helpers/cli.js';
import { dm, press, sendMessage } from '../helpers/dm.js';
import { tempDir } from '../helpers/env.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';
import { unchangedState } from '../helpers/verified.js';

const USERS = [
  { id: 'U0ALICE', name: 'alice', department: 'Engineering' },
  { id: 'U0HANA', name: 'hana', realName: 'Hana Kim', department: 'People' },
  { id: 'U0PAUL', name: 'paul', department: 'People' },
  { id: 'U0BOB', name: 'bob', department: 'Sales' },
  { id: 'U0EVE', name: 'eve', department: 'Sales' },
];
const TIME_OFF = SAMPLE_DOCS.find((d) => d.source === 'policies/time-off.md') as (typeof SAMPLE_DOCS)[number];
const QUESTION = 'Can I lease a bike through the company benefits?';
const REPLY = 'Yes: the bike leasing scheme pays up to 1,500 EUR, deducted from your gross salary over 36 months. Sign up in Personio.';

describe('verified answers in Slack', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Indexed by the last test: the index says who may read the sources a team keeps.
    const kb = tempDir();
    fs.mkdirSync(path.join(kb, 'policies'));
    fs.writeFileSync(path.join(kb, 'policies/time-off.md'), `# Time off\n\n## Paid time off\n\n${TIME_OFF.text}\n`);
    const data = { KNOWLEDGE_DIR: kb, KIKI_DATA_DIR: tempDir() };
    t = await startTestApp({
      users: USERS,
      // Departments come from the fake Slack profiles here (no directory file): allowed explicitly.
      env: { ...data, KIKI_ROUTING: path.join(ROOT, 'examples/routing.yml'), KIKI_ADMINS: 'U0ADMIN', KIKI_PROFILE_DEPARTMENTS: 'true' },
    });
    t.slack.channels.add({ id: 'C0PEOPLE', isPrivate: true, members: ['U0HANA', 'U0PAUL', 'UKIKIBOT'] });
    useRetriever(t, new MemoryRetriever(SAMPLE_DOCS));
  });
  afterAll(async () => {
    await t.close();
  });

  const pressSave = (user: string, offer: RecordedCall, postTs: string) =>
    press(t, user, { channel: 'C0PEOPLE', thread: postTs, reply: offer }, VERIFIED_ACTION.save);

  it('hand-off → team reply → Save as answer → another employee asking in other words gets the verified answer', async () => {
    const asked = await dm(t, 'U0ALICE', QUESTION);
    expect(blocksText(asked.reply)).toContain("couldn't find this");
    await press(t, 'U0ALICE', asked, ACTION.handoff, { withMessage: true });
    const post = await t.slack.waitFor('chat.postMessage', (a) => a.channel === 'C0PEOPLE' && !a.thread_ts);
    const postTs = String(post.args.__ts);
    await sendMessage(t, 'U0HANA', REPLY, { channel: 'C0PEOPLE', channelType: 'channel', thread: postTs });
    const offer = await t.slack.waitFor(
      'chat.postMessage',
      (a) => a.channel === 'C0PEOPLE' && a.thread_ts === postTs && String(a.text).startsWith('Save'),
    );

    // Someone outside the team, who did not reply, may not save it.
    const refusedUrl = await pressSave('U0EVE', offer, postTs);
    const refused = await t.slack.waitFor('response_url', (a) => String(a.response_key) === refusedUrl.split('/').pop());
    expect(String(refused.args.text)).toContain('Only the people who replied');

    await pressSave('U0HANA', offer, postTs);
    const opened = await t.slack.waitFor(
      'views.open',
      (a) => (a.view as { callback_id: string }).callback_id === 'kiki_verified_save_view',
    );
    const view = opened.args.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(JSON.stringify(view.blocks)).toContain(QUESTION);
    expect(JSON.stringify(view.blocks)).toContain('1,500 EUR');
    await t.send.interaction({
      type: 'view_submission',
      user: { id: 'U0HANA' },
      view: {
        id: 'VSAVE',
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: { values: unchangedState(view) },
      },
    });
    const told = await t.slack.waitFor(
      'chat.postMessage',
      (a) => a.channel === asked.channel && String(a.text).includes('now has a verified answer'),
    );
    expect(told.args.thread_ts).toBe(asked.ts);

    const bob = await dm(t, 'U0BOB', 'Does the company offer bicycle leasing as a benefit?');
    const shown = blocksText(bob.reply);
    const today = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    expect(shown).toContain(`:white_check_mark: *Verified* answer from *People team*, verified by Hana on ${today}`);
    expect(shown).toContain('1,500 EUR');
    expect(shown).not.toContain('due for review');
    const ids = (bob.reply.args.blocks as { type: string; elements?: { action_id?: string }[] }[])
      .filter((b) => b.type === 'actions')
      .flatMap((b) => (b.elements ?? []).map((e) => e.action_id));
    expect(ids).toEqual([ACTION.feedbackUp, VERIFIED_ACTION.feedbackDown, ACTION.handoff]);
    await t.services.usage.flush();
    const event = await t.services.store.db
      .selectFrom('usage_events')
      .selectAll()
      .where('name', '=', 'ask.verified')
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ user_id: 'U0BOB', outcome: 'answered', feature: 'ask' });

    const [saved] = await t.services.verified.records.list();
    expect(saved).toMatchObject({ question: QUESTION, team: 'People', verifiedBy: 'U0HANA', reviewDays: 90, status: 'active' });
    expect(await t.services.verified.records.versions(saved!.id)).toMatchObject([{ version: 1, change: 'created', changedBy: 'U0HANA' }]);
  });

  it('never serves it for a question on another subject', async () => {
    const { reply } = await dm(t, 'U0BOB', 'What is the per diem for business travel?');
    const shown = blocksText(reply);
    expect(shown).not.toContain('Verified');
    expect(shown).toContain('60 EUR');
  });

  it('serves it only to those it is visible to, and a 👎 asks the verifier whether it is still right', async () => {
    const [saved] = await t.services.verified.records.list();
    await t.services.verified.change(saved!.id, 'edited', 'U0HANA', { visibleTo: ['People'] });
    const outsider = await dm(t, 'U0BOB', 'Does the company offer bicycle leasing as a benefit?');
    expect(blocksText(outsider.reply)).not.toContain('Verified');
    const member = await dm(t, 'U0PAUL', 'Does the company offer bicycle leasing as a benefit?');
    expect(blocksText(member.reply)).toContain('*Verified*');
    const down = button(member.reply, VERIFIED_ACTION.feedbackDown);
    // A bystander's 👎 on Paul's answer (seen in a shared thread) neither counts nor reaches the verifier.
    const formsBefore = t.slack.callsTo('views.open').length;
    const refusedUrl = await press(t, 'U0EVE', member, VERIFIED_ACTION.feedbackDown);
    const refused = await t.slack.waitFor('response_url', (a) => String(a.response_key) === refusedUrl.split('/').pop());
    expect(String(refused.args.text)).toContain('Only the person who asked');
    await settle();
    await t.services.usage.flush();
    const feedback = () =>
      t.services.store.db
        .selectFrom('usage_events')
        .select('feedback')
        .where('id', '=', JSON.parse(down.value).e)
        .executeTakeFirstOrThrow();
    expect((await feedback()).feedback).toBeNull();
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'DU0HANA')).toHaveLength(0);
    expect(t.slack.callsTo('views.open')).toHaveLength(formsBefore);
    await press(t, 'U0PAUL', member, VERIFIED_ACTION.feedbackDown);
    const dmToHana = await t.slack.waitFor('chat.postMessage', (a) => a.channel === 'DU0HANA');
    expect(blocksText(dmToHana)).toContain('unhelpful');
    expect(JSON.stringify(dmToHana.args.blocks)).toContain(VERIFIED_ACTION.retire);
    await t.services.usage.flush();
    expect((await feedback()).feedback).toBe(-1);

    // Retire from the DM: nobody gets it any more.
    await press(t, 'U0HANA', { channel: 'DU0HANA', reply: dmToHana }, VERIFIED_ACTION.retire);
    await t.slack.waitFor('response_url', (a) => String(a.text).includes('Retired'));
    const after = await dm(t, 'U0PAUL', 'Does the company offer bicycle leasing as a benefit?');
    expect(blocksText(after.reply)).not.toContain('Verified');
    const versions = await t.services.verified.records.versions(saved!.id);
    expect(versions.map((v) => [v.change, v.changedBy])).toEqual([
      ['created', 'U0HANA'],
      ['edited', 'U0HANA'],
      ['retired', 'U0HANA'],
    ]);
    await settle(50);
  });

  it('past its review date: served "due for review", the verifier is DMd once, and "Still right" renews it', async () => {
    const old = await t.services.verified.records.create(
      { question: 'Is there a gym membership benefit?', answer: 'Yes, 30 EUR a month towards any gym.', team: 'People', reviewDays: 90 },
      'U0HANA',
      'created',
      Date.now() - 100 * 86_400_000,
    );
    t.services.verified.invalidate();
    const asked = await dm(t, 'U0BOB', 'Do we get a subsidy for the gym?');
    expect(blocksText(asked.reply)).toContain('due for review');

    const client = t.runtime.app.client;
    expect(await sendReviewReminders(t.services, client)).toBe(1);
    expect(await sendReviewReminders(t.services, client)).toBe(0);
    const reminder = await t.slack.waitFor('chat.postMessage', (a) => a.channel === 'DU0HANA' && String(a.text).includes('due for review'));
    expect(blocksText(reminder)).toContain('Is there a gym membership benefit?');

    // App Home lists the team's answers, due ones first; someone outside the team sees no such list.
    await t.send.event({ type: 'app_home_opened', user: 'U0HANA', channel: 'DU0HANA', tab: 'home' });
    const home = await t.slack.waitFor('views.publish', (a) => a.user_id === 'U0HANA');
    const homeText = JSON.stringify(home.args.view);
    expect(homeText).toContain('Verified answers');
    expect(homeText).toContain('Is there a gym membership benefit?');
    expect(homeText).toContain('due for review');
    await t.send.event({ type: 'app_home_opened', user: 'U0BOB', channel: 'DU0BOB', tab: 'home' });
    const bobHome = await t.slack.waitFor('views.publish', (a) => a.user_id === 'U0BOB');
    expect(JSON.stringify(bobHome.args.view)).not.toContain('Verified answers');

    // Someone outside the team cannot confirm it; the verifier can.
    await press(t, 'U0EVE', { channel: 'DU0EVE', reply: reminder }, VERIFIED_ACTION.stillRight);
    await t.slack.waitFor('response_url', (a) => String(a.text).includes('Only the people'));
    await press(t, 'U0HANA', { channel: 'DU0HANA', reply: reminder }, VERIFIED_ACTION.stillRight);
    await t.slack.waitFor('response_url', (a) => String(a.text).includes('Confirmed'));
    const renewed = await t.services.verified.records.get(old.id);
    expect(renewed!.reviewDueAt).toBeGreaterThan(Date.now() + 89 * 86_400_000);
    const again = await dm(t, 'U0BOB', 'Do we get a subsidy for the gym?');
    expect(blocksText(again.reply)).toContain('*Verified*');
    expect(blocksText(again.reply)).not.toContain('due for review');
  });

  it("does not pass off the sources of the answer that failed the asker as the verified answer's sources, unless the team keeps them", async () => {
    const asked = await dm(t, 'U0ALICE', 'How many days of paid time off do I get?');
    expect(blocksText(asked.reply)).toContain('Time off › Paid time off');
    await press(t, 'U0ALICE', asked, ACTION.handoff, { withMessage: true });
    const post = await t.slack.waitFor(
      'chat.postMessage',
      (a) => a.channel === 'C0PEOPLE' && !a.thread_ts && JSON.stringify(a.blocks).includes('paid time off'),
    );
    const postTs = String(post.args.__ts);
    const text = 'You get 27 days, and 3 more once you have been with us five years; ask your manager about unpaid leave.';
    await sendMessage(t, 'U0HANA', text, { channel: 'C0PEOPLE', channelType: 'channel', thread: postTs });
    const offer = await t.slack.waitFor(
      'chat.postMessage',
      (a) => a.channel === 'C0PEOPLE' && a.thread_ts === postTs && String(a.text).startsWith('Save'),
    );
    const submit = async (keep: boolean) => {
      const opensBefore = t.slack.callsTo('views.open').length;
      await pressSave('U0HANA', offer, postTs);
      await t.slack.waitFor('views.open', () => t.slack.callsTo('views.open').length > opensBefore);
      const view = t.slack.callsTo('views.open').at(-1)!.args.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
      const sources = (view.blocks as { block_id?: string; element?: { options?: { value: string }[] } }[]).find(
        (b) => b.block_id === VERIFIED_FIELDS.sources,
      );
      expect(JSON.stringify(sources)).toContain('Time off › Paid time off');
      const values = unchangedState(view);
      if (keep) values[VERIFIED_FIELDS.sources] = { value: { type: 'multi_static_select', selected_options: sources!.element!.options } };
      const before = (await t.services.verified.records.list()).length;
      await t.send.interaction({
        type: 'view_submission',
        user: { id: 'U0HANA' },
        view: { id: `V${Date.now()}`, callback_id: view.callback_id, private_metadata: view.private_metadata, state: { values } },
      });
      await expect.poll(async () => (await t.services.verified.records.list()).length).toBe(before + 1);
      return (await t.services.verified.records.list()).find((a) => a.answer === text && a.sources.length === (keep ? 1 : 0))!;
    };

    // Saved as it was opened: no sources.
    const plain = await submit(false);
    expect(plain.sources).toEqual([]);
    const bob = await dm(t, 'U0BOB', 'How many paid time off days do I get?');
    expect(blocksText(bob.reply)).toContain('*Verified*');
    expect(blocksText(bob.reply)).toContain('3 more once you have been with us five years');
    expect(blocksText(bob.reply)).not.toContain('Time off › Paid time off');

    // The team may keep them, once the index knows who may read them (a source it does not know cannot be kept).
    await ingest(t.config);
    const kept = await submit(true);
    expect(kept.sources.map((c) => [c.n, c.title, c.heading])).toEqual([[1, 'Time off', 'Paid time off']]);
  });
  it('does not serve the unpaid-leave answer for a vacation question that shares only "take" and "month"', async () => {
    await t.services.verified.save(
      {
        question: 'Can I take unpaid leave for a few months?',
        answer: 'Up to 3 months of unpaid leave, agreed with your manager.',
        team: 'People',
        reviewDays: 90,
      },
      'U0HANA',
    );
    const vacation = await dm(t, 'U0BOB', 'can I take a month of vacation in one go?');
    expect(blocksText(vacation.reply)).not.toContain('Verified');
    expect(blocksText(vacation.reply)).not.toContain('3 months of unpaid leave');
    const unpaid = await dm(t, 'U0BOB', 'Can I take a few months of unpaid leave?');
    expect(blocksText(unpaid.reply)).toContain('*Verified*');
    expect(blocksText(unpaid.reply)).toContain('3 months of unpaid leave');
  });
});
