import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from '../../src/sandbox/fake-openai.js';
import { reportTable } from '../../src/usage/export.js';
import { parseSince } from '../../src/usage/window.js';
import { useRetriever } from '../helpers/answers.js';
import { settle, startTestApp, type TestApp } from '../helpers/app.js';
import { sendMessage } from '../helpers/dm.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

/** Alice asks Kiki a question in her DM (two documents match it); resolves when the streamed answer is finished. */
async function askAndWait(app: TestApp): Promise<void> {
  await sendMessage(app, 'U0ALICE', 'What is the per diem for business travel, and is the VPN required on public networks?', {
    channel: 'D0ALICE',
  });
  await app.slack.waitFor('chat.stopStream', (a) => a.channel === 'D0ALICE', 10_000);
}

/** What a model answer cost is readable: tokens per question in the usage event (no text), per day in the report. */
describe('model cost', () => {
  let t: TestApp;
  let fake: FakeOpenAI;
  beforeAll(async () => {
    fake = await startFakeOpenAI();
    fake.reply = (req) =>
      /search queries/i.test(req.messages[0]?.content ?? '')
        ? 'per diem business travel'
        : 'The per diem is 60 EUR a day within Europe [1].';
    t = await startTestApp({
      env: { OPENAI_BASE_URL: fake.url, KIKI_CHAT_MODEL: 'fake-model', KIKI_LLM_MAX_PROMPT_TOKENS: '1500', KIKI_LLM_RERANK: 'on' },
    });
    useRetriever(t, new MemoryRetriever(SAMPLE_DOCS));
  });
  afterAll(async () => {
    await t.close();
    await fake.close();
  });

  it('stores prompt and completion tokens and the model time on the usage event, and kiki report sums them per day', async () => {
    await askAndWait(t);
    await settle(200);
    await t.services.usage.flush();
    const row = await t.services.store.db
      .selectFrom('usage_events')
      .selectAll()
      .where('name', '=', 'ask.answered')
      .executeTakeFirstOrThrow();
    const meta = JSON.parse(String(row.meta)) as Record<string, unknown>;
    // Every call of the answer is counted: the search queries, the rerank and the answer (as the server reports them).
    const calls = fake.chatRequests.map((r) => r.messages[0]?.content ?? '');
    expect(calls.map((c) => (/search queries/i.test(c) ? 'queries' : /rank passages/i.test(c) ? 'rerank' : 'answer'))).toEqual([
      'queries',
      'rerank',
      'answer',
    ]);
    const served = fake.chatRequests.reduce((n, r) => n + Math.ceil(r.messages.reduce((m, x) => m + x.content.length, 0) / 4), 0);
    expect(meta.promptTokens).toBe(served);
    expect(meta.completionTokens as number).toBeGreaterThan(0);
    expect(meta.modelMs).toEqual(expect.any(Number));
    expect(String(row.meta)).not.toContain('per diem');
    // The answer prompt stays within the configured budget.
    const prompt = fake.chatRequests.find((r) => (r.messages.at(-1)?.content ?? '').includes('<passages>'));
    expect(JSON.stringify(prompt?.messages).length / 4).toBeLessThan(1500);
    const report = await t.services.reports.report(parseSince('7d'));
    expect(report.modelTokens).toEqual([expect.objectContaining({ questions: 1, promptTokens: meta.promptTokens })]);
    expect(reportTable(report)).toMatch(/Model tokens per day[\s\S]*\d{4}-\d{2}-\d{2}\s+1\s+\d+/);
  });

  it('makes no rerank call by default (KIKI_LLM_RERANK unset)', async () => {
    const off = await startTestApp({ env: { OPENAI_BASE_URL: fake.url, KIKI_CHAT_MODEL: 'fake-model' } });
    try {
      useRetriever(off, new MemoryRetriever(SAMPLE_DOCS));
      const before = fake.chatRequests.length;
      await askAndWait(off);
      const systems = fake.chatRequests.slice(before).map((r) => r.messages[0]?.content ?? '');
      expect(systems.some((c) => /search queries/i.test(c))).toBe(true);
      expect(systems.some((c) => /rank passages/i.test(c))).toBe(false);
    } finally {
      await off.close();
    }
  });
});
