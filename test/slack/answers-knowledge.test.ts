import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocksText } from '../helpers/answers.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ROOT, runKiki } from '../helpers/cli.js';
import { dm } from '../helpers/dm.js';

// The real retrieval over the shipped Acme Pay documents (knowledge/), end to end through Slack.
describe('answers from the shipped knowledge', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({
      users: [
        { id: 'U0ENG', name: 'eng', department: 'Engineering' },
        { id: 'U0PEOPLE', name: 'pat', department: 'People' },
        { id: 'U0ADMIN', name: 'admin', department: 'IT' },
      ],
      env: { KNOWLEDGE_DIR: path.join(ROOT, 'knowledge'), KIKI_ADMINS: 'U0ADMIN', KIKI_PROFILE_DEPARTMENTS: 'true' },
    });
    await t.services.retrieval.reindex();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers a DM about a sample document, citing it with its link', async () => {
    const shown = blocksText((await dm(t, 'U0ENG', 'What is the per diem for a business trip to Germany?')).reply);
    expect(shown).toContain('<https://wiki.acmepay.example/finance/travel|Travel policy › Per diem>');
    expect(shown).toContain('28 EUR');
    expect(shown).toContain('[1]');
  });

  it('keeps a restricted document from someone outside its departments, and shows it to a member', async () => {
    const q = 'What are the compensation bands for 2025?';
    const outsider = blocksText((await dm(t, 'U0ENG', q)).reply);
    expect(outsider).not.toContain('Compensation bands 2025');
    expect(outsider).not.toContain('compensation-bands');
    const member = blocksText((await dm(t, 'U0PEOPLE', q)).reply);
    expect(member).toContain('Compensation bands 2025');
  });

  it('never presents a quote as the answer to a question the documents do not cover', async () => {
    const shown = blocksText((await dm(t, 'U0ENG', 'When does the shuttle bus leave from the train station?')).reply);
    // "not found", or "the closest I found" (links, a person offered first): both honest, neither quotes.
    expect(shown).toMatch(/couldn't find this in our documents|not sure the documents answer this/);
    expect(shown).not.toContain('Sources');
    expect(shown).not.toMatch(/^> /m);
  });

  it('lets an admin rebuild the index with /kiki reindex', async () => {
    const url = t.slack.responseUrl();
    const res = await t.send.command({ command: '/kiki', text: 'reindex', user_id: 'U0ADMIN', response_url: url });
    expect(res.json<{ text: string }>().text).toContain('Rebuilding');
    const done = await t.slack.waitFor('response_url', (a) => a.response_key === url.split('/').pop(), 20_000);
    expect(String(done.args.text)).toMatch(/^Index rebuilt: \d+ files/);
  });

  it('kiki ask --json cites the document with the exact shape', async () => {
    const env = { KIKI_DATA_DIR: t.config.KIKI_DATA_DIR, KNOWLEDGE_DIR: path.join(ROOT, 'knowledge'), LOG_LEVEL: 'silent' };
    const r = await runKiki(['ask', 'What is the per diem for a business trip to Germany?', '--json'], env);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { answer: string; grounded: boolean; citations: Record<string, unknown>[]; mode: string };
    expect(out.grounded).toBe(true);
    expect(out.mode).toBe('offline');
    for (const c of out.citations) expect(Object.keys(c)).toEqual(['n', 'source', 'title', 'heading', 'url']);
    expect(out.citations).toContainEqual({
      n: expect.any(Number),
      source: 'finance/travel.md',
      title: 'Travel policy',
      heading: expect.stringContaining('Per diem'),
      url: 'https://wiki.acmepay.example/finance/travel',
    });
    expect(out.answer).toContain('[1]');
  });
});
