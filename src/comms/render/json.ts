import type { SentimentReport } from '../report.js';

/** The exact `kiki sentiment --json` shape of the issue. */
export function toCliJson(report: SentimentReport) {
  const s = report.summary;
  return {
    summary: { articles: s.articles, positive: s.positive, neutral: s.neutral, negative: s.negative, mixed: s.mixed, net: s.net },
    articles: report.articles.map((a) => ({
      source: a.source,
      title: a.title,
      outlet: a.outlet,
      date: a.date,
      language: a.language,
      label: a.label,
      score: a.score,
      confidence: a.confidence,
      quotes: { positive: a.quotes.positive, negative: a.quotes.negative },
      themes: a.themes,
    })),
  };
}
