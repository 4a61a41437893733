import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildCsv } from '../../src/comms/render/csv.js';
import { toCliJson } from '../../src/comms/render/json.js';
import { buildReport, weekOf } from '../../src/comms/report.js';
import { SentimentService, sentimentOptionsFromConfig } from '../../src/comms/service.js';
import type { ArticleResult } from '../../src/comms/types.js';
import { buildSentimentReportBlocks } from '../../src/slack/blocks/sentiment-report.js';
import { captureLogger } from '../helpers/app.js';
import { fakeOpenAi } from '../helpers/documents.js';
import { testConfig } from '../helpers/env.js';
import { MIXED_EN } from '../helpers/press.js';

const verdict = {
  label: 'positive',
  score: 0.6,
  confidence: 0.9,
  positive_quotes: [6],
  negative_quotes: [1],
  themes: ['Business Account'],
  brand: { label: 'positive', score: 0.5 },
  rationale: 'The new business account and growth outweigh the lending unit closure.',
};

describe('scoring with a model', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
  });

  async function serviceWith(contents: string[]) {
    const server = await fakeOpenAi(contents);
    close = server.close;
    const config = testConfig({
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: server.url,
      KIKI_CHAT_MODEL: 'fake-model',
      KIKI_BRAND_TERMS: 'Acme Pay',
    });
    return { service: new SentimentService(sentimentOptionsFromConfig(config, captureLogger().logger)), server };
  }

  it('uses a valid structured answer, with quotes taken from the article by number', async () => {
    const { service, server } = await serviceWith([JSON.stringify(verdict)]);
    const report = await service.run([{ kind: 'text', text: MIXED_EN }]);
    const a = report.articles[0];
    expect(a).toMatchObject({ scorer: 'model', label: 'positive', score: 0.6, confidence: 0.9, themes: ['business account'] });
    expect(a?.quotes.negative[0]).toMatch(/cut 120 jobs/);
    expect(server.calls).toHaveLength(1);
    expect(JSON.stringify(server.calls[0])).toContain('Acme Pay');
  });

  it('retries once on malformed output, then succeeds', async () => {
    const { service, server } = await serviceWith(['Sure! The article is positive.', `\`\`\`json\n${JSON.stringify(verdict)}\n\`\`\``]);
    const report = await service.run([{ kind: 'text', text: MIXED_EN }]);
    expect(report.articles[0]?.scorer).toBe('model');
    expect(server.calls).toHaveLength(2);
    expect(JSON.stringify(server.calls[1])).toContain('previous answer was not valid');
  });

  it('falls back to the offline score with a note after two malformed answers', async () => {
    const { service, server } = await serviceWith(['{"label":"great"}', 'not json']);
    const report = await service.run([{ kind: 'text', text: MIXED_EN }]);
    expect(report.articles[0]).toMatchObject({
      scorer: 'offline',
      label: 'mixed',
      note: expect.stringMatching(/malformed answers twice; offline score used/),
    });
    expect(server.calls).toHaveLength(2);
  });
});

const article = (over: Partial<ArticleResult>): ArticleResult => ({
  source: 'x',
  title: 'T',
  outlet: 'Outlet',
  author: null,
  date: null,
  language: 'en',
  label: 'neutral',
  needsReview: false,
  score: 0,
  confidence: 0.5,
  quotes: { positive: [], negative: [] },
  speech: { quoted: 0, reported: 0 },
  spokespeople: [],
  themes: [],
  brand: null,
  scorer: 'offline',
  sentences: 3,
  ...over,
});

describe('the report', () => {
  it('counts, shares and the net score follow the stated formula, with a trend by day', () => {
    const report = buildReport(
      [
        article({ label: 'positive', score: 0.6, date: '2025-03-04', quotes: { positive: ['Great <!channel> news'], negative: [] } }),
        article({ label: 'positive', score: 0.4, date: '2025-03-04' }),
        article({ label: 'negative', score: -0.7, date: '2025-03-05', outlet: 'Other' }),
        article({ label: 'mixed', score: -0.1, date: '2025-03-06', language: 'fr' }),
      ],
      [{ source: 'y', error: 'HTTP 404' }],
      [],
    );
    expect(report.summary).toMatchObject({ articles: 4, positive: 2, negative: 1, mixed: 1, neutral: 0, net: 25 });
    expect(report.summary.shares).toEqual({ positive: 50, neutral: 0, negative: 25, mixed: 25 });
    expect(report.netFormula).toContain('(positive articles − negative articles) ÷ all scored articles × 100');
    expect(report.trend).toMatchObject({
      period: 'day',
      rows: [{ key: '2025-03-04', articles: 2, net: 100 }, { key: '2025-03-05' }, { key: '2025-03-06' }],
    });
    expect(report.byLanguage.map((r) => r.key)).toEqual(['en', 'fr']);
    expect(report.drivers.negative[0]?.score).toBe(-0.7);
    const blocks = JSON.stringify(buildSentimentReportBlocks(report));
    expect(blocks).not.toContain('<!channel>');
    expect(blocks).toContain('&lt;!channel&gt;');
    expect(buildCsv(report).split('\n')).toHaveLength(7);
    expect(Object.keys(toCliJson(report))).toEqual(['summary', 'articles']);
  });

  it('switches to weeks over long periods', () => {
    const report = buildReport([article({ date: '2025-01-01' }), article({ date: '2025-03-20' })], [], []);
    expect(report.trend?.period).toBe('week');
    expect(weekOf('2025-03-20')).toBe('2025-03-17');
  });
});

describe('sample press articles', () => {
  it('ship with an _access.yml that keeps them out of the retrieval index', () => {
    const dir = path.resolve(import.meta.dirname, '../../knowledge/comms/press-samples');
    expect(fs.readFileSync(path.join(dir, '_access.yml'), 'utf8')).toMatch(/^index: false$/m);
  });
});
