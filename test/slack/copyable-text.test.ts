import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksText, useRetriever } from '../helpers/answers.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { dm } from '../helpers/dm.js';
import { startTestSlack } from '../helpers/fake-slack.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

// Issue 24, item 15: what a newcomer saw in the sandbox: invisible characters in copied text, literal asterisks,
// and every message stamped with the time the sandbox started.
const ZERO_WIDTH = /\u200B/;

describe('text people read and copy', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { KIKI_ADMINS: 'U0ADMIN' } });
    useRetriever(t, new MemoryRetriever(SAMPLE_DOCS));
  });
  afterAll(async () => {
    await t.close();
  });

  it('"that\'s wrong" is answered with *Talk to a human* in bold, not between literal asterisks', async () => {
    const first = await dm(t, 'U0ALICE', 'What is the per diem for business travel?');
    const { reply } = await dm(t, 'U0ALICE', "that's wrong", { thread: first.ts });
    const text = blocksText(reply);
    expect(text).toContain('*Talk to a human*');
    expect(text).not.toMatch(ZERO_WIDTH);
  });

  it("App Home's knowledge-gap notes name KIKI_STORE_QUESTIONS without invisible characters", async () => {
    await t.send.event({ type: 'app_home_opened', user: 'U0ADMIN', channel: 'DU0ADMIN', tab: 'home' });
    const home = await t.slack.waitFor('views.publish', (a) => a.user_id === 'U0ADMIN');
    const text = JSON.stringify(home.args.view);
    expect(text).toContain('KIKI_STORE_QUESTIONS=false');
    expect(text).not.toMatch(ZERO_WIDTH);
  });
});

describe('the sandbox clock', () => {
  it('stamps each message with the time it is sent, not the time the sandbox started', async () => {
    const slack = await startTestSlack();
    try {
      const first = slack.addUserMessage('C0GENERAL', 'U0ALICE', 'hello');
      await new Promise((r) => setTimeout(r, 1100));
      const later = slack.addUserMessage('C0GENERAL', 'U0ALICE', 'hello again');
      expect(Math.floor(Number(later.ts))).toBeGreaterThan(Math.floor(Number(first.ts)));
      expect(Math.abs(Number(later.ts) - Date.now() / 1000)).toBeLessThan(2);
    } finally {
      await slack.close();
    }
  });
});
