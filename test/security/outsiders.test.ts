import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksText, useRetriever } from '../helpers/answers.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

// Issue 24, item 4: when users.info fails, nobody is taken for an insider on a guess, and no guess is cached.
const USERS = [
  { id: 'U0ALICE', name: 'alice', department: 'Engineering' },
  { id: 'U0GUEST', name: 'guest', teamId: 'T0OTHER' },
];
const QUESTION = 'What is the per diem for business travel?';

describe('Slack Connect when Slack cannot say who someone is', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ users: USERS });
    useRetriever(t, new MemoryRetriever(SAMPLE_DOCS));
    t.slack.channels.add({ id: 'C0SHARED', name: 'acme-partners', members: ['U0ALICE', 'U0GUEST'] });
  });
  afterAll(async () => {
    await t.close();
  });

  /** A mention as Slack sends it in a shared channel when the event carries no `user_team`. */
  const ask = async (user: string) => {
    const root = t.slack.addUserMessage('C0SHARED', user, `<@UKIKIBOT> ${QUESTION}`);
    await t.send.event({ type: 'app_mention', channel: 'C0SHARED', user, text: root.text, ts: root.ts });
    return blocksText(await t.slack.waitFor('chat.postMessage', (a) => a.thread_ts === root.ts));
  };

  it('users.info failing: the guest gets no internal document, and neither does anyone Slack could not vouch for', async () => {
    t.slack.faults.set('users.info', { kind: 'error', error: 'internal_error' });
    const guest = await ask('U0GUEST');
    expect(guest).not.toContain('60 EUR');
    expect(guest).toMatch(/only help people in our own organisation|couldn't check with Slack/);
    const alice = await ask('U0ALICE');
    expect(alice).not.toContain('60 EUR');
    expect(alice).toContain("couldn't check with Slack");
  });

  it('once Slack answers again, its word counts at once: the guest is refused and the colleague answered', async () => {
    t.slack.faults.clear('users.info');
    const guest = await ask('U0GUEST');
    expect(guest).toMatch(/only help people in our own organisation/);
    expect(guest).not.toContain('60 EUR');
    expect(await ask('U0ALICE')).toContain('60 EUR');
  });
});
