import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from '../../src/sandbox/fake-openai.js';
import { blocksText, finalAnswer, messageText, useRetriever } from '../helpers/answers.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

/** Slack Connect: people of another organisation in a shared channel never get internal documents. */
const USERS = [
  { id: 'U0ALICE', name: 'alice', department: 'Engineering' },
  { id: 'U0GUEST', name: 'guest', teamId: 'T0OTHER' },
  { id: 'U0JOINER', name: 'joiner', department: 'Engineering', teamId: 'T0OTHER' },
];
const DOCS = [
  ...SAMPLE_DOCS,
  {
    source: 'public/partners.md',
    title: 'Working with partners',
    section: 'Support hours',
    departments: ['public'],
    text: 'Partner support hours are 9:00 to 17:00 CET on working days, by email to partners@example.com.',
  },
];

const mention = async (t: TestApp, user: string, text: string, userTeam: string) => {
  const root = t.slack.addUserMessage('C0SHARED', user, `<@UKIKIBOT> ${text}`);
  await t.send.event({ type: 'app_mention', channel: 'C0SHARED', user, user_team: userTeam, text: root.text, ts: root.ts });
  return root.ts;
};

describe('Slack Connect guests', () => {
  describe('KIKI_EXTERNAL_USERS unset (refuse)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ users: USERS });
      useRetriever(t, new MemoryRetriever(DOCS));
    });
    afterAll(async () => {
      await t.close();
    });

    it('politely refuses a guest from another organisation, and still answers a colleague', async () => {
      const ts = await mention(t, 'U0GUEST', 'What is the per diem for business travel?', 'T0OTHER');
      const reply = await t.slack.waitFor('chat.postMessage', (a) => a.thread_ts === ts);
      expect(blocksText(reply)).toMatch(/only help people in our own organisation/);
      expect(blocksText(reply)).not.toContain('60 EUR');
      const mine = await mention(t, 'U0ALICE', 'What is the per diem for business travel?', 'T0KIKI');
      expect(blocksText(await t.slack.waitFor('chat.postMessage', (a) => a.thread_ts === mine))).toContain('60 EUR');
    });
  });

  describe('KIKI_EXTERNAL_USERS=public, with a model', () => {
    let t: TestApp;
    let fake: FakeOpenAI;
    beforeAll(async () => {
      fake = await startFakeOpenAI();
      t = await startTestApp({
        users: USERS,
        env: { KIKI_EXTERNAL_USERS: 'public', OPENAI_BASE_URL: fake.url, KIKI_CHAT_MODEL: 'fake-model', KIKI_LLM_TIMEOUT_MS: '2000' },
      });
      useRetriever(t, new MemoryRetriever(DOCS));
    });
    afterAll(async () => {
      await t.close();
      await fake.close();
    });

    it('answers a guest from public documents only', async () => {
      const ts = await mention(t, 'U0GUEST', 'What is the per diem for business travel?', 'T0OTHER');
      const reply = messageText(await finalAnswer(t.slack, 'C0SHARED', ts));
      expect(reply).toMatch(/couldn't find this/);
      expect(reply).not.toContain('60 EUR');
      expect(reply).not.toContain('Travel policy');
    });

    it('streams the answer to the guest with the guest’s own team as recipient_team_id', async () => {
      fake.reply = 'Partner support runs 9:00 to 17:00 CET on working days [1].';
      const ts = await mention(t, 'U0GUEST', 'What are the partner support hours?', 'T0OTHER');
      const start = await t.slack.waitFor('chat.startStream', (a) => a.thread_ts === ts);
      expect(start.args.recipient_user_id).toBe('U0GUEST');
      expect(start.args.recipient_team_id).toBe('T0OTHER');
      const stop = await t.slack.waitFor('chat.stopStream', (a) => a.ts === start.result?.ts);
      expect(JSON.stringify(stop.args.blocks)).toContain('Working with partners');
    });
  });
});

describe('a Slack Connect guest who joins the organisation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ users: USERS });
    useRetriever(t, new MemoryRetriever(DOCS));
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    await t.close();
  });

  it('is answered once what Slack said of them is ten minutes old, not before', async () => {
    const ask = async (userTeam: string) => {
      const ts = await mention(t, 'U0JOINER', 'What is the per diem for business travel?', userTeam);
      return blocksText(await t.slack.waitFor('chat.postMessage', (a) => a.thread_ts === ts));
    };
    expect(await ask('T0OTHER')).toMatch(/only help people in our own organisation/);
    const joiner = t.slack.users.get('U0JOINER');
    if (joiner) joiner.teamId = 'T0KIKI';
    // Within the ten minutes Slack is not asked again: still the guest's refusal.
    expect(await ask('T0KIKI')).toMatch(/only help people in our own organisation/);
    const now = performance.now();
    vi.spyOn(performance, 'now').mockImplementation(() => now + 10 * 60_000 + 1000);
    expect(await ask('T0KIKI')).toContain('60 EUR');
  });
});
