import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksText } from '../helpers/answers.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ROOT } from '../helpers/cli.js';
import { dm } from '../helpers/dm.js';

// What a person reads in the reply, for the README's example questions and the cases a new user tried on the
// shipped knowledge: the sentence with the fact, not a neighbour of it; the steps a "how do I" asks for; the row
// of a table that matches; a follow-up answered from its own new detail, never with the same quote again.
describe('answers composed from the sections of the shipped knowledge', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      users: [{ id: 'U0ENG', name: 'eng', department: 'Engineering' }],
      env: { KNOWLEDGE_DIR: path.join(ROOT, 'knowledge') },
    });
    await t.services.retrieval.reindex();
  });
  afterAll(async () => {
    await t.close();
  });

  const ask = async (question: string, thread?: string) => {
    const asked = await dm(t, 'U0ENG', question, thread ? { thread } : {});
    return { ...asked, shown: blocksText(asked.reply) };
  };

  it('quotes the sentence that holds the number of vacation days, with the fact in bold', async () => {
    const { shown } = await ask('how many vacation days do i get a year?');
    expect(shown).toMatch(/\*\*?28 days\*\*?/);
    expect(shown).toContain('Paid time off (PTO) › How many vacation days you get');
  });

  it('gives the steps of "How do I submit an expense claim?", not one sentence about them', async () => {
    const { shown } = await ask('How do I submit an expense claim?');
    expect(shown).toContain('Take a photo of the receipt in the');
    expect(shown).toContain('Your manager approves in Pleo');
  });

  it('answers the per diem for a city from its country row, and a follow-up about another city in the thread', async () => {
    const first = await ask('whats the per diem for paris');
    expect(first.shown).toContain('45 EUR');
    expect(first.shown).not.toContain('Germany');
    const follow = await ask('and in London?', first.thread);
    expect(follow.shown).toContain('52 EUR');
    expect(follow.shown).not.toContain('45 EUR');
  });

  it('matches an amount to the range that holds it', async () => {
    const { shown } = await ask('who needs to sign a contract worth 60k euros?');
    const firstQuote = shown.split('From ')[0] ?? '';
    expect(firstQuote).toContain('VP of the department and the CFO');
  });

  it('answers a follow-up from its own new words and never repeats the quote it already gave', async () => {
    const first = await ask('how many vacation days do i get a year?');
    const follow = await ask('and can I carry them over?', first.thread);
    expect(follow.shown).toContain('5 unused days');
    expect(follow.shown).not.toContain('28 days');
  });

  it('answers "How do I set up the VPN on my laptop?" with the VPN page\'s steps, not the laptop page that mentions the VPN', async () => {
    const { shown } = await ask('How do I set up the VPN on my laptop?');
    expect(shown).toContain('enter the portal address');
    expect(shown).toContain('VPN setup and troubleshooting › Set up the VPN on a Mac');
    expect(shown).not.toContain('Power on, join Wi-Fi');
  });

  it('keeps each step whole when a list item is wrapped over two lines', async () => {
    const { shown } = await ask('What does Kandji install on my laptop at first login?');
    expect(shown).toContain('it installs 1Password, Zoom, Slack, Chrome');
    expect(shown).not.toMatch(/Zoom,\s*\n\s*(?:>\s*)?[-•]\s*Slack/);
  });

  it('answers a French question with the English fact and a frame in French', async () => {
    const { shown } = await ask('combien de jours de congés par an ?');
    expect(shown).toContain('Nos documents sont en anglais');
    expect(shown).toMatch(/28 days/);
  });
});
