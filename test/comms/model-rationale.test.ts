import { afterEach, describe, expect, it } from 'vitest';
import { SentimentService, sentimentOptionsFromConfig } from '../../src/comms/service.js';
import { buildSentimentReportBlocks } from '../../src/slack/blocks/sentiment-report.js';
import { captureLogger } from '../helpers/app.js';
import { fakeOpenAi } from '../helpers/documents.js';
import { testConfig } from '../helpers/env.js';
import { MIXED_EN } from '../helpers/press.js';

const verdict = {
  label: 'negative',
  score: -0.5,
  confidence: 0.92,
  positive_quotes: [6],
  negative_quotes: [1, 2],
  themes: ['job cuts'],
  brand: { label: 'negative', score: -0.4 },
  rationale: 'Job cuts and union criticism lead the piece; the new account is a side note. <!channel>',
};

describe('scoring with a model: one zod-validated verdict per article', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
  });

  async function run(contents: string[]) {
    const server = await fakeOpenAi(contents);
    close = server.close;
    const config = testConfig({
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: server.url,
      KIKI_CHAT_MODEL: 'fake',
      KIKI_BRAND_TERMS: 'Acme Pay',
    });
    const service = new SentimentService(sentimentOptionsFromConfig(config, captureLogger().logger));
    return { report: await service.run([{ kind: 'text', text: MIXED_EN }]), server };
  }

  it('keeps the label, the brand tone, quotes by sentence number and a one-line rationale shown in the report', async () => {
    const { report, server } = await run([JSON.stringify(verdict)]);
    const a = report.articles[0];
    expect(a).toMatchObject({ scorer: 'model', label: 'negative', brand: { label: 'negative', score: -0.4 } });
    expect(a?.rationale).toBe(verdict.rationale);
    expect(a?.quotes.negative[0]).toMatch(/cut 120 jobs/);
    expect(JSON.stringify(server.calls[0])).toContain('rationale');
    const blocks = JSON.stringify(buildSentimentReportBlocks(report, 'r1'));
    expect(blocks).toContain('Job cuts and union criticism lead the piece');
    // The model's words are escaped like any other text: no @channel ping through Kiki.
    expect(blocks).not.toContain('<!channel>');
    // The offline reading of this half-bad, half-good article is "mixed": the disagreement is shown.
    expect(a?.note).toMatch(/The model reads negative; the offline reading is mixed/);
    expect(blocks).toContain('the offline reading is mixed');
  });

  it('says nothing more when the model and the offline reading agree', async () => {
    const { report } = await run([JSON.stringify({ ...verdict, label: 'mixed' })]);
    expect(report.articles[0]?.note).toBeUndefined();
  });

  it('treats a verdict without a rationale, or with a rationale of several lines, as malformed and asks again', async () => {
    const { rationale: _, ...without } = verdict;
    const { report, server } = await run([JSON.stringify(without), JSON.stringify({ ...verdict, rationale: 'line one\nline two' })]);
    expect(server.calls).toHaveLength(2);
    expect(JSON.stringify(server.calls[1])).toContain('rationale');
    expect(report.articles[0]).toMatchObject({ scorer: 'offline', note: expect.stringMatching(/malformed answers twice/) });
  });

  it('marks a low-confidence model verdict as needing a human check, out of the headline figure', async () => {
    const { report } = await run([JSON.stringify({ ...verdict, confidence: 0.55 })]);
    expect(report.articles[0]).toMatchObject({ scorer: 'model', label: 'negative', needsReview: true });
    expect(report.headline).toMatchObject({ provisional: true, needingCheck: 1 });
    expect(JSON.stringify(buildSentimentReportBlocks(report, 'r1'))).toContain('provisional: the article needs a human check');
  });
});
