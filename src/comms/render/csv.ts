import { toCsv } from '../../csv.js';
import type { SentimentReport } from '../report.js';

const COLUMNS = [
  'source',
  'title',
  'outlet',
  'author',
  'date',
  'language',
  'label',
  'score',
  'confidence',
  'brand_mentions',
  'brand_label',
  'brand_score',
  'themes',
  'top_positive_quote',
  'top_negative_quote',
  'scorer',
  'note',
  'needs_human_check',
  'kiki_label',
  'spokespeople',
  'key_messages',
  'rationale',
];

/** One row per article, then one per article that could not be read (label "failed"). UTF-8 with BOM for Excel. */
export function buildCsv(report: SentimentReport): string {
  const rows: (string | number)[][] = report.articles.map((a) => [
    a.source,
    a.title,
    a.outlet ?? '',
    a.author ?? '',
    a.date ?? '',
    a.language,
    a.label,
    a.score,
    a.confidence,
    a.brand?.mentions ?? '',
    a.brand?.label ?? '',
    a.brand?.score ?? '',
    a.themes.join('; '),
    a.quotes.positive[0] ?? '',
    a.quotes.negative[0] ?? '',
    a.scorer,
    a.note ?? '',
    a.needsReview ? 'yes' : 'no',
    a.human?.scoredLabel ?? a.label,
    a.spokespeople.join('; '),
    (a.coverage?.keyMessages ?? []).join('; '),
    a.rationale ?? '',
  ]);
  for (const f of report.failures)
    rows.push([f.source, '', '', '', '', '', 'failed', '', '', '', '', '', '', '', '', '', f.error, '', '', '', '', '']);
  return toCsv([COLUMNS, ...rows], { bom: true });
}
