import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeOffline, prepareArticle } from '../../src/comms/analyze.js';
import { coverageOf, readOutletAudience } from '../../src/comms/coverage.js';
import { fromPlainText } from '../../src/comms/intake/index.js';
import { buildMarkdown } from '../../src/comms/render/markdown.js';
import { buildReport } from '../../src/comms/report.js';
import { buildSentimentReportBlocks } from '../../src/slack/blocks/sentiment-report.js';
import { tempDir } from '../helpers/env.js';

const LAUNCH = `Acme Pay launches instant payouts for small merchants

Acme Pay launched instant payouts on Tuesday, promising small merchants their money within minutes and no hidden fees.
Rival Stripe already offers a similar service, and Adyen is expected to follow, analysts said.
"Small merchants should not wait three days for their own money," said Dana Moreau, chief executive of Acme Pay.
Stripe declined to comment.`;

const OUTAGE = `Stripe outage leaves shops stranded

A long outage at Stripe left thousands of shops unable to take payments on Monday.
Merchants complained about the lack of updates, and critics said the failure raises questions about reliability.
Acme Pay said its own service was not affected.`;

const context = {
  brandTerms: ['Acme Pay'],
  competitors: ['Stripe', 'Adyen'],
  keyMessages: ['instant payouts for small merchants', 'no hidden fees', 'open banking for everyone'],
};

const article = (text: string, source: string, outlet: string) => {
  const prepared = prepareArticle({ ...fromPlainText(text, source), outlet });
  const scored = analyzeOffline(prepared, context.brandTerms);
  return { ...scored, coverage: coverageOf(prepared, context) };
};

describe('the report comms teams expect', () => {
  it('counts share of voice against competitors, key messages picked up, spokespeople quoted and potential reach', () => {
    const dir = tempDir();
    const csv = path.join(dir, 'outlets.csv');
    fs.writeFileSync(
      csv,
      'outlet,domain,monthly_audience\nBusiness Daily,businessdaily.example,1200000\nThe Ledger,ledger.example,300000\n',
    );
    const audience = readOutletAudience(csv);
    const report = buildReport(
      [article(LAUNCH, 'https://businessdaily.example/a', 'Business Daily'), article(OUTAGE, 'https://www.ledger.example/b', 'unknown')],
      [],
      context.brandTerms,
      new Date('2025-03-20T10:00:00Z'),
      { competitors: context.competitors, keyMessages: context.keyMessages, audience },
    );
    const sov = report.shareOfVoice;
    expect(sov?.map((r) => r.name)).toEqual(['Acme Pay', 'Stripe', 'Adyen']);
    expect(sov?.find((r) => r.name === 'Acme Pay')).toMatchObject({ articles: 2, mentions: 4 });
    expect(sov?.find((r) => r.name === 'Stripe')).toMatchObject({ articles: 2, mentions: 4 });
    expect(sov?.reduce((s, r) => s + r.share, 0)).toBeCloseTo(100, 0);
    expect(sov?.find((r) => r.name === 'Stripe')?.counts.negative).toBe(1);
    expect(report.keyMessages?.map((k) => [k.message, k.articles])).toEqual([
      ['instant payouts for small merchants', 1],
      ['no hidden fees', 1],
      ['open banking for everyone', 0],
    ]);
    expect(report.spokespeople[0]).toMatchObject({ name: 'Dana Moreau', articles: 1 });
    // The Ledger is found by the article's domain (www. dropped); an outlet missing from the list is counted apart.
    expect(report.reach).toMatchObject({ total: 1_500_000, matched: 2, unmatched: 0 });
    expect(JSON.stringify(report)).not.toMatch(/advertising value|\bAVE\b/i);
    // What Comms sees in Slack, and in the Markdown report.
    const slack = JSON.stringify(buildSentimentReportBlocks(report));
    expect(slack).toContain('*Share of voice*');
    expect(slack).toMatch(/Acme Pay: 44.4% \(4 mentions in 2 articles/);
    expect(slack).toContain('“no hidden fees”: 1 of 2 articles (50%)');
    expect(slack).toContain('• Dana Moreau: 1 article (Business Daily)');
    expect(slack).toContain('*Potential reach: 1.5M*');
    expect(slack).toContain('No advertising value equivalent (AVE)');
    const md = buildMarkdown(report);
    expect(md).toContain('## Share of voice');
    expect(md).toContain('**Potential reach: 1,500,000**');
  });

  it('refuses an outlet list without a monthly audience column, with a message that says what is missing', () => {
    const csv = path.join(tempDir(), 'bad.csv');
    fs.writeFileSync(csv, 'outlet,readers\nBusiness Daily,12\n');
    expect(() => readOutletAudience(csv)).toThrow(/monthly_audience/);
  });
});
