import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/blocks/answer.js';
import { blocksText, useRetriever } from '../helpers/answers.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ROOT } from '../helpers/cli.js';
import { dm, press } from '../helpers/dm.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

const USERS = [
  { id: 'U0ALICE', name: 'alice', department: 'Engineering' },
  { id: 'U0BOB', name: 'bob', department: 'Sales' },
  { id: 'U0EVE', name: 'eve', department: 'Sales' },
  { id: 'U0ADMIN', name: 'admin', department: 'IT' },
];
const BIKE = 'Can I lease a bike through the company benefits?';

describe('knowledge gaps for owners and admins, in Slack', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      users: USERS,
      env: { KIKI_ROUTING: path.join(ROOT, 'examples/routing.yml'), KIKI_ADMINS: 'U0ADMIN', KIKI_MIN_GROUP_SIZE: '2' },
    });
    useRetriever(t, new MemoryRetriever(SAMPLE_DOCS));
  });
  afterAll(async () => {
    await t.close();
  });

  it('shows per owning team what went unanswered, 👎 and hand-offs, with the closest sections, in /kiki-usage and the admin App Home', async () => {
    const alice = await dm(t, 'U0ALICE', 'How many days of paid time off do I get?');
    expect(blocksText(alice.reply)).toContain('27 days');
    await press(t, 'U0ALICE', alice, ACTION.feedbackDown, { withMessage: true });
    await t.slack.waitFor('views.open');

    const bob = await dm(t, 'U0BOB', BIKE);
    expect(blocksText(bob.reply)).toContain("couldn't find this");
    await press(t, 'U0BOB', bob, ACTION.handoff, { withMessage: true });
    await t.slack.waitFor('chat.postMessage', (a) => a.channel === 'C0PEOPLE' && !a.thread_ts);

    // One person's 👎 on the VPN answer: IT's gaps come from too few people to show.
    const eve = await dm(t, 'U0EVE', 'How do I install the VPN client?');
    await press(t, 'U0EVE', eve, ACTION.feedbackDown, { withMessage: true });
    await t.services.usage.flush();

    // What the ask flow kept: the owning team and the nearest sections, not the question.
    const kept = await t.services.store.db
      .selectFrom('usage_events')
      .selectAll()
      .where('user_id', '=', 'U0ALICE')
      .executeTakeFirstOrThrow();
    expect(kept.question).toBeNull();
    expect(JSON.parse(kept.meta ?? '{}')).toMatchObject({
      team: 'People',
      closest: [{ source: 'policies/time-off.md', heading: 'Time off › Paid time off' }],
    });

    const responseUrl = t.slack.responseUrl();
    await t.send.command({ command: '/kiki-usage', text: '7d', user_id: 'U0ADMIN', response_url: responseUrl });
    const reply = await t.slack.waitFor('response_url', (a) => a.response_key === responseUrl.split('/').pop());
    const shown = JSON.stringify(reply.args.blocks);
    expect(shown).toContain('Knowledge gaps by owning team');
    expect(shown).toContain('*People*: 1 not found · 1 👎 · 1 handed off (2 people)');
    expect(shown).toContain('Time off › Paid time off (`policies/time-off.md`, 1×)');
    expect(shown).not.toContain('bike');
    expect(shown).not.toContain('VPN');
    expect(shown).toContain('fewer than 2 people');

    await t.send.event({ type: 'app_home_opened', user: 'U0ADMIN', channel: 'DU0ADMIN', tab: 'home' });
    await t.slack.waitFor('views.publish', (a) => a.user_id === 'U0ADMIN');
    const home = JSON.stringify(t.slack.homes.get('U0ADMIN')?.view);
    expect(home).toContain('Knowledge gaps by owning team');
    expect(home).toContain('*People*: 1 not found');

    await t.send.event({ type: 'app_home_opened', user: 'U0BOB', channel: 'DU0BOB', tab: 'home' });
    await t.slack.waitFor('views.publish', (a) => a.user_id === 'U0BOB');
    expect(JSON.stringify(t.slack.homes.get('U0BOB')?.view)).not.toContain('Knowledge gaps');
  });
});
