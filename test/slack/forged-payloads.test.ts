import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION, parseFeedbackValue } from '../../src/slack/blocks/answer.js';
import { MALFORMED_PAYLOAD } from '../../src/slack/payloads.js';
import { button, click, useRetriever } from '../helpers/answers.js';
import { settle, startTestApp, type TestApp } from '../helpers/app.js';
import { ROOT } from '../helpers/cli.js';
import { dm } from '../helpers/dm.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

/** Slack payloads are parsed where they enter: a part that does not parse is refused, in a sentence, and nothing is done. */
describe('forged or malformed Slack payloads', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      users: [{ id: 'U0ALICE', name: 'alice', department: 'Engineering' }],
      env: { KIKI_DIRECTORY: path.join(ROOT, 'examples/people.csv') },
    });
    useRetriever(t, new MemoryRetriever(SAMPLE_DOCS));
  });
  afterAll(async () => {
    await t.close();
  });

  const feedbackOf = async (eventId: string) => {
    await t.services.usage.flush();
    return t.services.store.db
      .selectFrom('usage_events')
      .select(['feedback', 'feedback_note'])
      .where('id', '=', eventId)
      .executeTakeFirst();
  };

  it('a 👎 whose container is forged is refused with a clear message: no rating stored, no form opened', async () => {
    const { reply, channel, ts } = await dm(t, 'U0ALICE', 'How do I install the VPN client?');
    const down = button(reply, ACTION.feedbackDown);
    const responseUrl = t.slack.responseUrl();
    const payload = click(down, { user: 'U0ALICE', channel, messageTs: String(reply.args.__ts), threadTs: ts, responseUrl });
    await t.send.interaction({ ...payload, container: { type: 'message', channel_id: channel, thread_ts: { $gt: '' } } });
    const told = await t.slack.waitFor('response_url', (a) => a.response_key === responseUrl.split('/').pop());
    expect(told.args.text).toBe(MALFORMED_PAYLOAD);
    expect(told.args.response_type).toBe('ephemeral');
    await settle();
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
    expect((await feedbackOf(parseFeedbackValue(down.value)?.eventId ?? ''))?.feedback).toBeNull();
  });

  it('a "what was wrong?" note whose private_metadata is malformed is refused in a DM, and the note is not stored', async () => {
    const { reply } = await dm(t, 'U0ALICE', 'What is the per diem for business travel?');
    const eventId = parseFeedbackValue(button(reply, ACTION.feedbackDown).value)?.eventId ?? '';
    await t.send.interaction({
      type: 'view_submission',
      user: { id: 'U0ALICE' },
      view: {
        id: 'V0FORGED',
        callback_id: 'kiki_feedback_note',
        private_metadata: `{"e": "${eventId}", "c": {"$ne": null}}`,
        state: { values: { note: { note_input: { type: 'plain_text_input', value: 'Forged channel' } } } },
      },
    });
    const told = await t.slack.waitFor('chat.postMessage', (a) => a.channel === 'U0ALICE' && a.text === MALFORMED_PAYLOAD);
    expect(told.args.text).toBe(MALFORMED_PAYLOAD);
    expect((await feedbackOf(eventId))?.feedback_note ?? null).toBeNull();
  });

  it('a contract modal submitted with private_metadata that is not JSON keeps the modal open with the refusal', async () => {
    const res = await t.send.interaction({
      type: 'view_submission',
      user: { id: 'U0LEGA01' },
      view: { id: 'V0CONTRACT', callback_id: 'kiki_contract', private_metadata: '{"templateId": "mutual-nda",', state: { values: {} } },
    });
    expect(res.json()).toEqual({ response_action: 'errors', errors: { template: MALFORMED_PAYLOAD } });
  });
});
