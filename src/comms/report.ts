import { type HumanCheckSummary, summarizeHumanCheck } from './human-check.js';
import { type CoverageSections, coverageSections, type ReportContext } from './report-coverage.js';
import type { ArticleResult, FailedArticle, SentimentLabel } from './types.js';

export const NET_FORMULA =
  'Net sentiment = (positive articles − negative articles) ÷ all scored articles × 100, from −100 to +100 (neutral and mixed count in the total only).';

export interface LabelCounts {
  articles: number;
  positive: number;
  neutral: number;
  negative: number;
  mixed: number;
  /** -100…100, see NET_FORMULA. */
  net: number;
  averageScore: number;
}

export interface GroupRow extends LabelCounts {
  key: string;
}

export interface ReportQuote {
  text: string;
  title: string;
  outlet: string | null;
  source: string;
}

export interface SentimentReport extends CoverageSections {
  generatedAt: string;
  scorer: 'offline' | 'model' | 'mixed';
  summary: LabelCounts & { shares: Record<SentimentLabel, number> };
  /**
   * The headline figure: articles above the calibrated confidence level or checked by a person. Articles that
   * need a human check are counted apart and never drive it on their own; when every article needs a check,
   * the headline is the provisional figure over all of them.
   */
  headline: LabelCounts & { needingCheck: number; provisional: boolean };
  humanCheck: HumanCheckSummary;
  netFormula: string;
  trend: { period: 'day' | 'week'; rows: GroupRow[] } | null;
  byOutlet: GroupRow[];
  byLanguage: GroupRow[];
  topQuotes: { positive: ReportQuote[]; negative: ReportQuote[] };
  themes: { phrase: string; articles: number; averageScore: number }[];
  drivers: { positive: ArticleResult[]; negative: ArticleResult[] };
  brand: { terms: string[]; mentions: number; articlesMentioning: number; counts: LabelCounts } | null;
  articles: ArticleResult[];
  failures: FailedArticle[];
}

const LABELS: SentimentLabel[] = ['positive', 'neutral', 'negative', 'mixed'];

export function countLabels(items: { label: SentimentLabel; score: number }[]): LabelCounts {
  const c = { articles: items.length, positive: 0, neutral: 0, negative: 0, mixed: 0 };
  let sum = 0;
  for (const i of items) {
    c[i.label]++;
    sum += i.score;
  }
  return {
    ...c,
    net: items.length ? Math.round(((c.positive - c.negative) / items.length) * 1000) / 10 : 0,
    averageScore: items.length ? Math.round((sum / items.length) * 1000) / 1000 : 0,
  };
}

function groupBy(articles: ArticleResult[], key: (a: ArticleResult) => string | null): GroupRow[] {
  const groups = new Map<string, ArticleResult[]>();
  for (const a of articles) {
    const k = key(a);
    if (k === null) continue;
    groups.set(k, [...(groups.get(k) ?? []), a]);
  }
  return [...groups.entries()].map(([k, list]) => ({ key: k, ...countLabels(list) }));
}

/** Monday of the ISO week of a YYYY-MM-DD date. */
export function weekOf(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

export function buildReport(
  articles: ArticleResult[],
  failures: FailedArticle[],
  brandTerms: string[],
  now = new Date(),
  context: ReportContext = {},
): SentimentReport {
  const summary = countLabels(articles);
  const shares = Object.fromEntries(
    LABELS.map((l) => [l, articles.length ? Math.round((summary[l] / articles.length) * 1000) / 10 : 0]),
  ) as Record<SentimentLabel, number>;
  const dated = articles
    .filter((a) => a.date)
    .map((a) => a.date as string)
    .sort();
  let trend: SentimentReport['trend'] = null;
  if (dated.length > 0) {
    const spanDays = (Date.parse(dated[dated.length - 1] as string) - Date.parse(dated[0] as string)) / 86_400_000;
    // Day by day reads well up to about six weeks; beyond that weeks keep the chart legible.
    const period = spanDays <= 42 ? 'day' : 'week';
    const rows = groupBy(articles, (a) => (a.date ? (period === 'day' ? a.date : weekOf(a.date)) : null)).sort((a, b) =>
      a.key.localeCompare(b.key),
    );
    trend = { period, rows };
  }
  const bySize = (a: GroupRow, b: GroupRow) => b.articles - a.articles || a.key.localeCompare(b.key);
  const byScore = [...articles].sort((a, b) => b.score - a.score);
  const quote = (a: ArticleResult, text: string): ReportQuote => ({ text, title: a.title, outlet: a.outlet, source: a.source });
  const themeStats = new Map<string, { articles: number; sum: number }>();
  for (const a of articles)
    for (const t of new Set(a.themes)) {
      const s = themeStats.get(t) ?? { articles: 0, sum: 0 };
      themeStats.set(t, { articles: s.articles + 1, sum: s.sum + a.score });
    }
  const themes = [...themeStats.entries()]
    .map(([phrase, s]) => ({ phrase, articles: s.articles, averageScore: Math.round((s.sum / s.articles) * 1000) / 1000 }))
    .sort((a, b) => b.articles - a.articles || b.phrase.split(' ').length - a.phrase.split(' ').length)
    .slice(0, 10);
  const weight = (a: ArticleResult) => Math.abs(a.score) * a.confidence;
  const withBrand = articles.filter((a) => a.brand && a.brand.mentions > 0);
  const scorers = new Set(articles.map((a) => a.scorer));
  const trusted = articles.filter((a) => !a.needsReview);
  const needingCheck = articles.length - trusted.length;
  const provisional = trusted.length === 0 && articles.length > 0;
  return {
    generatedAt: now.toISOString(),
    headline: { ...countLabels(provisional ? articles : trusted), needingCheck, provisional },
    humanCheck: summarizeHumanCheck(articles),
    ...coverageSections(articles, brandTerms, context),
    scorer: scorers.size > 1 ? 'mixed' : scorers.has('model') ? 'model' : 'offline',
    summary: { ...summary, shares },
    netFormula: NET_FORMULA,
    trend,
    byOutlet: groupBy(articles, (a) => a.outlet ?? 'unknown outlet').sort(bySize),
    byLanguage: groupBy(articles, (a) => a.language).sort(bySize),
    topQuotes: {
      positive: byScore
        .filter((a) => a.quotes.positive[0])
        .slice(0, 5)
        .map((a) => quote(a, a.quotes.positive[0] as string)),
      negative: [...byScore]
        .reverse()
        .filter((a) => a.quotes.negative[0])
        .slice(0, 5)
        .map((a) => quote(a, a.quotes.negative[0] as string)),
    },
    themes,
    drivers: {
      positive: articles
        .filter((a) => a.score > 0 && a.label !== 'neutral')
        .sort((a, b) => weight(b) - weight(a))
        .slice(0, 3),
      negative: articles
        .filter((a) => a.score < 0 && a.label !== 'neutral')
        .sort((a, b) => weight(b) - weight(a))
        .slice(0, 3),
    },
    brand: brandTerms.length
      ? {
          terms: brandTerms,
          mentions: withBrand.reduce((s, a) => s + (a.brand?.mentions ?? 0), 0),
          articlesMentioning: withBrand.length,
          counts: countLabels(withBrand.map((a) => ({ label: a.brand?.label ?? 'neutral', score: a.brand?.score ?? 0 }))),
        }
      : null,
    articles,
    failures,
  };
}
