import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelSettingsInput } from '../../src/channels/settings.js';
import { blocksText, useRetriever } from '../helpers/answers.js';
import { settle, startTestApp, type TestApp } from '../helpers/app.js';
import { ROOT } from '../helpers/cli.js';
import { type Said, sendMessage } from '../helpers/dm.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

/** Issue 23: unprompted answers in the channels an admin opted in, only when Kiki is sure. */
const USERS = [
  { id: 'U0FIONA', name: 'fiona', department: 'Finance' },
  { id: 'U0SAM', name: 'sam', department: 'Sales' },
];
const DIRECTORY = 'slack_user_id,email,name,department\nU0FIONA,f@x.example,Fiona,Finance\nU0SAM,s@x.example,Sam,Sales\n';
const SURE = 'What is the per diem for business travel?';
const SALARY = 'What is the engineering salary band for level 3?';

describe('channel auto-answer', () => {
  let t: TestApp;
  const base: ChannelSettingsInput = { channelId: 'C0HELP', questionsOnly: true, onlyTagged: false, reply: 'thread', allowExternal: false };
  const enable = (s: Partial<ChannelSettingsInput> & { channelId: string }) => t.services.channels.enable({ ...base, ...s }, 'U0IT01');
  const say = (channel: string, user: string, text: string, event: Record<string, unknown> = {}) =>
    sendMessage(t, user, text, { channel, channelType: channel.startsWith('G') ? 'group' : 'channel', event });
  const repliesTo = (said: Said) =>
    t.slack.calls
      .slice(said.callsBefore)
      .filter((c) => (c.method === 'chat.postMessage' && c.args.thread_ts === said.ts) || c.method === 'chat.postEphemeral');

  beforeAll(async () => {
    const fs = await import('node:fs');
    const { tempDir } = await import('../helpers/env.js');
    const dir = tempDir();
    fs.writeFileSync(`${dir}/people.csv`, DIRECTORY);
    t = await startTestApp({
      users: USERS,
      env: { KIKI_DIRECTORY: `${dir}/people.csv`, KIKI_ROUTING: path.join(ROOT, 'examples/routing.yml') },
    });
    useRetriever(t, new MemoryRetriever(SAMPLE_DOCS));
    t.slack.channels.add({ id: 'C0HELP', name: 'help', members: ['U0FIONA', 'U0SAM'] });
    t.slack.channels.add({ id: 'G0FIN', name: 'finance-private', isPrivate: true, members: ['U0FIONA', 'UKIKIBOT'] });
    t.slack.channels.add({ id: 'C0SHARED', name: 'partners', isExtShared: true, members: ['U0FIONA'] });
    await enable({ channelId: 'C0HELP', handoffTeam: 'People' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers a question it is sure of in the thread, with a hand-off to the channel team, once however often Slack delivers it', async () => {
    const said = await say('C0HELP', 'U0SAM', SURE);
    const reply = await t.slack.waitFor('chat.postMessage', (a) => a.channel === 'C0HELP' && a.thread_ts === said.ts);
    expect(blocksText(reply)).toContain('60 EUR');
    expect(blocksText(reply)).toContain('\\"o\\":[\\"People\\"]');
    await t.send.event(said.event);
    await settle();
    expect(repliesTo(said)).toHaveLength(1);
  });

  it('stays silent on chatter, thanks, a question it is not sure of, a bot post, a thread reply and a channel not opted in', async () => {
    const quiet = [
      await say('C0HELP', 'U0SAM', 'lunch at noon today, who is in'),
      await say('C0HELP', 'U0SAM', 'thanks so much!'),
      // Not a question, though the documents would answer it: --questions-only keeps Kiki out of it.
      await say('C0HELP', 'U0SAM', 'FYI the per diem for business travel went up'),
      await say('C0HELP', 'U0SAM', 'How do I book a meeting room on the third floor?'),
      // A quoted title, a question followed by a statement, a rhetorical question: nobody is asking.
      await say('C0HELP', 'U0SAM', 'New on the wiki: "What is the per diem for business travel?" by Finance'),
      await say('C0HELP', 'U0SAM', 'What is the per diem for business travel? Read the travel policy before asking!'),
      await say('C0HELP', 'U0SAM', 'is it just me or is the per diem for business travel low?'),
      // "The closest I found" is for someone who asked Kiki, never an unprompted reply.
      await say('C0HELP', 'U0SAM', 'How do I set up the travel profile?'),
      await say('C0HELP', 'U0SAM', SURE, { bot_id: 'B0OTHER', subtype: 'bot_message' }),
      await say('C0GENERAL', 'U0SAM', SURE),
    ];
    const root = await say('C0HELP', 'U0FIONA', 'a note');
    quiet.push(await say('C0HELP', 'U0SAM', SURE, { thread_ts: root.ts }));
    await settle(500);
    for (const said of quiet) expect(repliesTo(said), said.event.text as string).toEqual([]);
  });

  it('leaves a mention to the mention flow: one answer, not two', async () => {
    const said = await say('C0HELP', 'U0SAM', `<@${t.slack.botUserId}> ${SURE}`);
    await settle();
    expect(repliesTo(said)).toEqual([]);
  });

  it('uses only what every member may read: a Finance-only answer is given in a private channel of Finance, not in a public one', async () => {
    await enable({ channelId: 'G0FIN' });
    const inPrivate = await say('G0FIN', 'U0FIONA', SALARY);
    const reply = await t.slack.waitFor('chat.postMessage', (a) => a.channel === 'G0FIN' && a.thread_ts === inPrivate.ts);
    expect(blocksText(reply)).toContain('70,000');
    const inPublic = await say('C0HELP', 'U0FIONA', SALARY);
    await settle();
    expect(JSON.stringify(repliesTo(inPublic))).not.toContain('70,000');
  });

  it('never answers in a Slack Connect channel unless allowed', async () => {
    await enable({ channelId: 'C0SHARED' });
    const said = await say('C0SHARED', 'U0FIONA', SURE);
    await settle();
    expect(repliesTo(said)).toEqual([]);
  });

  it('answers only the teams it is set for, privately when set to, and stops at the daily cap', async () => {
    await enable({ channelId: 'C0HELP', teams: ['Finance'], reply: 'ephemeral', dailyCap: 1 });
    const sales = await say('C0HELP', 'U0SAM', SURE);
    await settle();
    expect(repliesTo(sales)).toEqual([]);
    const first = await say('C0HELP', 'U0FIONA', SURE);
    const note = await t.slack.waitFor('chat.postEphemeral', (a) => a.channel === 'C0HELP' && a.user === 'U0FIONA');
    expect(blocksText(note)).toContain('60 EUR');
    expect(repliesTo(first).filter((c) => c.method === 'chat.postMessage')).toEqual([]);
    const second = await say('C0HELP', 'U0FIONA', 'What is the per diem for travel outside Europe?');
    await settle();
    expect(repliesTo(second)).toEqual([]);
  });

  it('is silent once disabled, and with --only-tagged', async () => {
    await enable({ channelId: 'C0HELP', onlyTagged: true });
    const tagged = await say('C0HELP', 'U0SAM', SURE);
    await settle();
    expect(await t.services.channels.disable('C0HELP')).toBe(true);
    const off = await say('C0HELP', 'U0SAM', SURE);
    await settle();
    expect(repliesTo(tagged)).toEqual([]);
    expect(repliesTo(off)).toEqual([]);
  });
});
