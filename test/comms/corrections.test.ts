import { afterAll, describe, expect, it } from 'vitest';
import { analyzeOffline, prepareArticle } from '../../src/comms/analyze.js';
import { SentimentCorrections } from '../../src/comms/corrections.js';
import { validationSample } from '../../src/comms/human-check.js';
import { fromPlainText } from '../../src/comms/intake/index.js';
import { buildReport } from '../../src/comms/report.js';
import { storeEngines } from '../helpers/env.js';
import { openTestStore } from '../helpers/postgres.js';
import { MIXED_EN, NEGATIVE_FR, POSITIVE_EN } from '../helpers/press.js';

const scored = (text: string, i: number) => ({
  ...analyzeOffline(prepareArticle(fromPlainText(text, `article-${i}`)), ['Acme Pay']),
  text,
});

describe('the validation sample', () => {
  it('is a quarter of the articles, at least the ten least confident, the same on every recompute', () => {
    const articles = Array.from({ length: 60 }, (_, i) => ({ source: `s${i}`, confidence: ((i * 37) % 100) / 100 }));
    const sample = validationSample(articles);
    expect(sample).toHaveLength(15);
    const tenLeast = [...articles.keys()].sort((a, b) => (articles[a]?.confidence ?? 0) - (articles[b]?.confidence ?? 0)).slice(0, 10);
    expect(sample).toEqual(expect.arrayContaining(tenLeast));
    expect(validationSample(articles)).toEqual(sample);
    expect(validationSample(articles.slice(0, 6))).toHaveLength(6);
  });
});

describe.each(storeEngines)('sentiment corrections on $name', ({ databaseUrl }) => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups.reverse()) await c();
  });

  it('stores labels, recomputes the report with them and exports them as labelled data', async () => {
    const store = await openTestStore(databaseUrl, cleanups);
    const checks = new SentimentCorrections(store);
    const articles = [POSITIVE_EN, NEGATIVE_FR, MIXED_EN].map(scored);
    const id = await checks.saveReport(buildReport(articles, [], ['Acme Pay']), { userId: 'U1', brandTerms: ['Acme Pay'] });
    const stored = await checks.getReport(id);
    expect(stored?.articles).toHaveLength(3);
    await checks.label(stored as NonNullable<typeof stored>, 0, 'neutral', 'U1', 1000);
    await checks.label(stored as NonNullable<typeof stored>, 0, 'negative', 'U2', 2000); // the latest label counts
    await checks.label(stored as NonNullable<typeof stored>, 1, 'negative', 'U1', 3000);
    const report = await checks.recompute(stored as NonNullable<typeof stored>);
    expect(report.articles[0]).toMatchObject({ label: 'negative', needsReview: false, human: { scoredLabel: 'positive', by: 'U2' } });
    expect(report.humanCheck).toMatchObject({ corrected: 1, checked: 2, sampleChecked: 2, agreement: 0.5 });
    expect(report.summary.negative).toBe(2);
    const rows = await checks.export();
    expect(rows.map((r) => [r.label, r.kiki_label, r.corrected])).toEqual([
      ['negative', 'positive', true],
      ['negative', 'negative', false],
    ]);
    expect(rows[0]?.text).toContain('record revenue');
    expect(rows[0]?.labelled_at).toBe(new Date(2000).toISOString());
  });
});
