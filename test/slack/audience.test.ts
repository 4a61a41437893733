import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACTION } from '../../src/slack/blocks/answer.js';
import { blocksText, button, click, useRetriever } from '../helpers/answers.js';
import { settle, startTestApp, type TestApp } from '../helpers/app.js';
import { dm, mention, press } from '../helpers/dm.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

// Issue 12, defect 2: the audience of the place where an answer appears bounds what it may contain.
const USERS = [
  { id: 'U0LENA', name: 'lena', department: 'Legal' },
  { id: 'U0LEO', name: 'leo', department: 'Legal' },
  { id: 'U0SAM', name: 'sam', department: 'Sales' },
];
const DIRECTORY =
  'slack_user_id,email,name,department\nU0LENA,lena@x.example,Lena,Legal\nU0LEO,leo@x.example,Leo,Legal\nU0SAM,sam@x.example,Sam,Sales\n';
const LEGAL_DOC = {
  source: 'legal/litigation.md',
  title: 'Pending litigation',
  section: 'Settlement authority',
  owner: 'Legal',
  departments: ['Legal'],
  text: 'The settlement authority for the Hooli lawsuit is capped at 2.4 million EUR without board approval.',
};
const SECRET = '2.4 million';
const QUESTION = 'What is the settlement authority for the Hooli lawsuit?';

async function startLegalApp(): Promise<TestApp> {
  const fs = await import('node:fs');
  const { tempDir } = await import('../helpers/env.js');
  const dir = tempDir();
  fs.writeFileSync(`${dir}/people.csv`, DIRECTORY);
  const t = await startTestApp({ users: USERS, env: { KIKI_DIRECTORY: `${dir}/people.csv`, KIKI_ESCALATION_CHANNEL: 'C0HELP' } });
  useRetriever(t, new MemoryRetriever([...SAMPLE_DOCS, LEGAL_DOC]));
  return t;
}

describe('answers bounded by the audience of the place they appear in', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startLegalApp();
    t.slack.channels.add({ id: 'G0LEGAL', name: 'legal-team', isPrivate: true, members: ['U0LENA', 'U0LEO', 'UKIKIBOT'] });
    t.slack.channels.add({ id: 'G0MIXED', name: 'deal-room', isPrivate: true, members: ['U0LENA', 'U0SAM', 'UKIKIBOT'] });
    t.slack.channels.add({ id: 'C0SHARED', name: 'acme-partners', isExtShared: true, members: ['U0LENA'] });
  });
  afterAll(async () => {
    await t.close();
  });

  const ask = (channel: string) => mention(t, channel, 'U0LENA', QUESTION);

  it('the Legal member sees the Legal-only answer in their DM (control)', async () => {
    const { reply } = await dm(t, 'U0LENA', QUESTION);
    expect(blocksText(reply)).toContain(SECRET);
  });

  it('an @mention in a public channel answers with what everyone may read, and tells the asker alone what was left out', async () => {
    const { ts, reply } = await ask('C0GENERAL');
    expect(blocksText(reply)).not.toContain(SECRET);
    expect(blocksText(reply)).not.toContain('Pending litigation');
    const note = await t.slack.waitFor('chat.postEphemeral', (a) => a.channel === 'C0GENERAL' && a.thread_ts === ts);
    expect(note.args.user).toBe('U0LENA');
    expect(String(note.args.text)).toMatch(/left out one source/);
  });

  it('a private channel whose members are all in Legal gets the Legal answer; one with a Sales member does not', async () => {
    expect(blocksText((await ask('G0LEGAL')).reply)).toContain(SECRET);
    expect(blocksText((await ask('G0MIXED')).reply)).not.toContain(SECRET);
  });

  it('a channel shared with another organisation gets no internal documents at all', async () => {
    const { reply } = await ask('C0SHARED');
    expect(blocksText(reply)).toMatch(/outside the company/);
    expect(blocksText(reply)).not.toContain(SECRET);
  });

  it('"Share in channel" of a Legal-only /kiki answer does not post it in a public channel', async () => {
    const responseUrl = t.slack.responseUrl();
    const key = responseUrl.split('/').pop();
    await t.send.command({ command: '/kiki', text: QUESTION, user_id: 'U0LENA', channel_id: 'C0GENERAL', response_url: responseUrl });
    const ephemeral = await t.slack.waitFor('response_url', (a) => a.response_key === key && Array.isArray(a.blocks));
    expect(blocksText(ephemeral)).toContain(SECRET);
    const shareUrl = t.slack.responseUrl();
    const shareKey = shareUrl.split('/').pop();
    await t.send.interaction({
      ...click(button(ephemeral, ACTION.share), { user: 'U0LENA', channel: 'C0GENERAL', messageTs: '1.1', responseUrl: shareUrl }),
      container: { type: 'message', channel_id: 'C0GENERAL', message_ts: '1.1', is_ephemeral: true },
    });
    const told = await t.slack.waitFor('response_url', (a) => a.response_key === shareKey && a.response_type === 'ephemeral');
    expect(String(told.args.text)).toMatch(/didn't share/);
    await settle();
    const posted = t.slack.callsTo('response_url').filter((c) => c.args.response_key === shareKey && c.args.response_type === 'in_channel');
    expect(posted.map(blocksText).join('\n')).not.toContain(SECRET);
  });

  it('"Talk to a human" under a Legal-only DM answer does not post it into a public escalation channel', async () => {
    const m = await dm(t, 'U0LENA', QUESTION);
    expect(blocksText(m.reply)).toContain(SECRET);
    await press(t, 'U0LENA', m, ACTION.handoff, { withMessage: true });
    const post = await t.slack.waitFor('chat.postMessage', (a) => a.channel === 'C0HELP');
    expect(blocksText(post)).toContain('Hooli lawsuit');
    expect(blocksText(post)).not.toContain(SECRET);
    expect(blocksText(post)).not.toContain('Pending litigation');
    expect(blocksText(post)).toMatch(/left out one source/);
  });
});

describe('a channel whose readers change', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startLegalApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('someone from Sales who joins a Legal-only private channel stops the Legal answer there within 30 seconds', async () => {
    t.slack.channels.add({ id: 'G0LEGAL2', name: 'legal-only', isPrivate: true, members: ['U0LENA', 'U0LEO', 'UKIKIBOT'] });
    expect(blocksText((await mention(t, 'G0LEGAL2', 'U0LENA', QUESTION)).reply)).toContain(SECRET);
    t.slack.channels.add({ id: 'G0LEGAL2', name: 'legal-only', isPrivate: true, members: ['U0LENA', 'U0LEO', 'U0SAM', 'UKIKIBOT'] });
    const now = performance.now();
    vi.spyOn(performance, 'now').mockImplementation(() => now + 31_000);
    try {
      expect(blocksText((await mention(t, 'G0LEGAL2', 'U0LENA', QUESTION)).reply)).not.toContain(SECRET);
    } finally {
      vi.restoreAllMocks();
    }
  });
});
