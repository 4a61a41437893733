import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedCall } from '../../src/sandbox/fake-slack.js';
import { ACTION, feedbackValue, parseFeedbackValue } from '../../src/slack/blocks/answer.js';
import { type ButtonInfo, button, click, useRetriever } from '../helpers/answers.js';
import { settle, startTestApp, type TestApp } from '../helpers/app.js';
import { ROOT } from '../helpers/cli.js';
import { dm, mention } from '../helpers/dm.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

/** The answer's usage event behind a 👍 / 👎 (feedback_buttons carry "up:<event>" / "down:<event>"). */
const eventOf = (value: string) => parseFeedbackValue(value)?.eventId ?? value;

const USERS = [
  { id: 'U0ALICE', name: 'alice', department: 'Engineering' },
  { id: 'U0MALLORY', name: 'mallory', department: 'Sales' },
  { id: 'U0FRANK', name: 'frank', department: 'Finance' },
  { id: 'U0ADMIN', name: 'admin', department: 'IT' },
];

describe('buttons check who clicks them', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ users: USERS, env: { KIKI_ROUTING: path.join(ROOT, 'examples/routing.yml'), KIKI_ADMINS: 'U0ADMIN' } });
    useRetriever(t, new MemoryRetriever(SAMPLE_DOCS));
  });
  afterAll(async () => {
    await t.close();
  });

  /** Someone @mentions Kiki in #general; the answer lands in the thread, where everyone in the channel sees its buttons. */
  const inGeneral = (user: string, text: string) => mention(t, 'C0GENERAL', user, text);

  const press = async (
    b: ButtonInfo,
    user: string,
    where: { channel: string; messageTs: string; threadTs?: string; message?: Record<string, unknown> },
  ) => {
    const responseUrl = t.slack.responseUrl();
    await t.send.interaction(click(b, { user, ...where, responseUrl }));
    return responseUrl.split('/').pop() as string;
  };

  const ephemeral = (key: string) => t.slack.waitFor('response_url', (a) => a.response_key === key);

  const feedbackOf = async (eventId: string) => {
    await t.services.usage.flush();
    const row = await t.services.store.db.selectFrom('usage_events').select('feedback').where('id', '=', eventId).executeTakeFirst();
    return row?.feedback ?? null;
  };

  const handOff = async (reply: RecordedCall, ts: string, user = 'U0ALICE') => {
    const msgTs = String(reply.args.__ts);
    return press(button(reply, ACTION.handoff), user, {
      channel: 'C0GENERAL',
      messageTs: msgTs,
      threadTs: ts,
      message: { ts: msgTs, thread_ts: ts, text: reply.args.text, blocks: reply.args.blocks },
    });
  };

  it('only the asker rates an answer: a bystander gets a polite note and the rating is untouched', async () => {
    const { reply, ts } = await inGeneral('U0ALICE', 'How do I install the VPN client?');
    const up = button(reply, ACTION.feedbackUp);
    const where = { channel: 'C0GENERAL', messageTs: String(reply.args.__ts), threadTs: ts };
    const refused = await ephemeral(await press(button(reply, ACTION.feedbackDown), 'U0MALLORY', where));
    expect(refused.args.response_type).toBe('ephemeral');
    expect(String(refused.args.text)).toContain('Only the person who asked');
    await settle();
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
    expect(await feedbackOf(eventOf(up.value))).toBeNull();

    await ephemeral(await press(up, 'U0ALICE', where));
    expect(await feedbackOf(eventOf(up.value))).toBe(1);
  });

  it('a forged value cannot rate someone else answer', async () => {
    const alice = await inGeneral('U0ALICE', 'What is the per diem for business travel?');
    const aliceEvent = eventOf(button(alice.reply, ACTION.feedbackUp).value);
    const own = await inGeneral('U0MALLORY', 'How do I install the VPN client?');
    const forged = { ...button(own.reply, ACTION.feedbackDown), value: feedbackValue('down', aliceEvent) };
    const key = await press(forged, 'U0MALLORY', { channel: 'C0GENERAL', messageTs: String(own.reply.args.__ts), threadTs: own.ts });
    expect(String((await ephemeral(key)).args.text)).toContain('Only the person who asked');
    expect(await feedbackOf(aliceEvent)).toBeNull();
  });

  it('only the asker hands their question to a person', async () => {
    const before = t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0FINANCE').length;
    const { reply, ts } = await inGeneral('U0ALICE', 'What is the per diem for business travel?');
    const key = await handOff(reply, ts, 'U0MALLORY');
    expect(String((await ephemeral(key)).args.text)).toContain('Only the person who asked');
    await settle();
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0FINANCE')).toHaveLength(before);
  });

  it('a double click on "Talk to a human" opens one hand-off, and the second click says so', async () => {
    const { reply, ts } = await inGeneral('U0ALICE', 'Which expense receipts do I need for travel?');
    const eventId = eventOf(button(reply, ACTION.feedbackUp).value);
    const [first, second] = await Promise.all([handOff(reply, ts), handOff(reply, ts)]);
    await t.slack.waitFor('chat.postMessage', (a) => a.channel === 'C0FINANCE');
    await settle(500);
    const rows = await t.services.store.db.selectFrom('handoffs').select('id').where('answer_event_id', '=', eventId).execute();
    expect(rows).toHaveLength(1);
    const dup = await t.slack.waitFor(
      'response_url',
      (a) => (a.response_key === first || a.response_key === second) && String(a.text).includes('already'),
    );
    expect(dup.args.response_type).toBe('ephemeral');
    // A third click, long after, is refused the same way.
    const later = await handOff(reply, ts);
    expect(String((await ephemeral(later)).args.text)).toContain('already');
  });

  it('"Mark resolved": not a bystander (nor with a forged value), yes the owning team from its channel, and admins', async () => {
    const { reply, ts } = await inGeneral('U0ALICE', 'What is the per diem for a trip?');
    await handOff(reply, ts);
    const post = await t.slack.waitFor(
      'chat.postMessage',
      (a) => a.channel === 'C0FINANCE' && JSON.stringify(a.blocks).includes('per diem for a trip'),
    );
    const notice = await t.slack.waitFor(
      'chat.postMessage',
      (a) => a.channel === 'C0GENERAL' && a.thread_ts === ts && String(a.text).startsWith("I've asked"),
    );
    const resolve = button(notice, ACTION.resolve);
    const resolvedAt = async () =>
      (await t.services.store.db.selectFrom('handoffs').select('resolved_at').where('id', '=', resolve.value).executeTakeFirstOrThrow())
        .resolved_at;

    const inThread = { channel: 'C0GENERAL', messageTs: String(notice.args.__ts), threadTs: ts };
    expect(String((await ephemeral(await press(resolve, 'U0MALLORY', inThread))).args.text)).toContain('Only');
    // Mallory's own hand-off notice, carrying Alice's hand-off id.
    const own = await inGeneral('U0MALLORY', 'How do I install the VPN client?');
    await handOff(own.reply, own.ts, 'U0MALLORY');
    const ownNotice = await t.slack.waitFor('chat.postMessage', (a) => a.thread_ts === own.ts && String(a.text).startsWith("I've asked"));
    const forged = { ...button(ownNotice, ACTION.resolve), value: resolve.value };
    expect(
      String(
        (
          await ephemeral(
            await press(forged, 'U0MALLORY', { channel: 'C0GENERAL', messageTs: String(ownNotice.args.__ts), threadTs: own.ts }),
          )
        ).args.text,
      ),
    ).toContain('Only');
    await settle();
    expect(await resolvedAt()).toBeNull();

    // Frank, in the Finance channel, on the hand-off's own post.
    await press(button(post, ACTION.resolve), 'U0FRANK', { channel: 'C0FINANCE', messageTs: String(post.args.__ts) });
    await t.slack.waitFor(
      'chat.postMessage',
      (a) => a.channel === 'C0GENERAL' && a.thread_ts === ts && String(a.text) === 'Marked resolved.',
    );
    expect(await resolvedAt()).not.toBeNull();
    // Pressed again (by the asker): one resolution, and a note that it is done.
    expect(String((await ephemeral(await press(resolve, 'U0ALICE', inThread))).args.text)).toContain('already');
  });

  it('an admin may mark any hand-off resolved', async () => {
    const { reply, ts } = await inGeneral('U0ALICE', 'How much is the per diem within Europe?');
    await handOff(reply, ts);
    const notice = await t.slack.waitFor(
      'chat.postMessage',
      (a) => a.channel === 'C0GENERAL' && a.thread_ts === ts && String(a.text).startsWith("I've asked"),
    );
    const resolve = button(notice, ACTION.resolve);
    await press(resolve, 'U0ADMIN', { channel: 'C0GENERAL', messageTs: String(notice.args.__ts), threadTs: ts });
    await t.slack.waitFor(
      'chat.postMessage',
      (a) => a.channel === 'C0GENERAL' && a.thread_ts === ts && String(a.text) === 'Marked resolved.',
    );
  });
});

describe('the "what was wrong?" note', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ users: USERS });
    useRetriever(t, new MemoryRetriever(SAMPLE_DOCS));
  });
  afterAll(async () => {
    await t.close();
  });

  it('is kept only from the asker, even when another form carries the answer id', async () => {
    const channel = 'DU0ALICE';
    const { reply } = await dm(t, 'U0ALICE', 'How do I install the VPN client?', { channel });
    const eventId = eventOf(button(reply, ACTION.feedbackDown).value);
    const submit = (user: string, note: string) =>
      t.send.interaction({
        type: 'view_submission',
        user: { id: user },
        view: {
          id: 'V1',
          callback_id: 'kiki_feedback_note',
          private_metadata: eventId,
          state: { values: { note: { note_input: { type: 'plain_text_input', value: note } } } },
        },
      });
    await submit('U0MALLORY', 'forged complaint');
    await settle();
    await t.services.usage.flush();
    const row = () => t.services.store.db.selectFrom('usage_events').selectAll().where('id', '=', eventId).executeTakeFirstOrThrow();
    expect(await row()).toMatchObject({ feedback: null, feedback_note: null });
    await submit('U0ALICE', 'missed Linux');
    await settle();
    await t.services.usage.flush();
    expect(await row()).toMatchObject({ feedback: -1, feedback_note: 'missed Linux' });
  });
});
