// The human check built into every report: a validation sample for Comms to check (a quarter of the articles,
// at least the ten least confident), people's labels applied to the report, and the agreement between Kiki and
// the people who checked, measured on the sample.
import crypto from 'node:crypto';
import type { ArticleResult, SentimentLabel } from './types.js';

export const SENTIMENT_LABELS: SentimentLabel[] = ['positive', 'neutral', 'negative', 'mixed'];
export const MIN_SAMPLE = 10;

/** A person's label for the article at `index` of a report. */
export interface HumanLabel {
  index: number;
  label: SentimentLabel;
  by: string;
}

/**
 * Indices of the validation sample: the ten least confident articles (or all of them, for a short report),
 * then others up to a quarter of the report, picked by a hash of their source so that the pick is the same
 * every time the report is recomputed and independent of the score.
 */
export function validationSample(articles: Pick<ArticleResult, 'confidence' | 'source'>[]): number[] {
  const n = articles.length;
  const size = Math.min(n, Math.max(Math.ceil(n / 4), MIN_SAMPLE));
  const byConfidence = articles.map((a, i) => ({ i, c: a.confidence })).sort((a, b) => a.c - b.c || a.i - b.i);
  const chosen = new Set(byConfidence.slice(0, Math.min(MIN_SAMPLE, n)).map((x) => x.i));
  const rest = articles
    .map((a, i) => ({ i, h: crypto.createHash('sha256').update(`${i}\u0000${a.source}`).digest('hex') }))
    .filter((x) => !chosen.has(x.i))
    .sort((a, b) => a.h.localeCompare(b.h));
  for (const x of rest) {
    if (chosen.size >= size) break;
    chosen.add(x.i);
  }
  return [...chosen].sort((a, b) => a - b);
}

/** The articles with people's labels applied: a checked article is no longer "needs a human check". */
export function applyHumanLabels(articles: ArticleResult[], labels: HumanLabel[]): ArticleResult[] {
  const byIndex = new Map(labels.map((l) => [l.index, l]));
  return articles.map((a, i) => {
    const h = byIndex.get(i);
    if (!h) return a;
    const scoredLabel = a.human?.scoredLabel ?? a.label;
    return { ...a, label: h.label, needsReview: false, human: { label: h.label, scoredLabel, by: h.by } };
  });
}

export interface HumanCheckSummary {
  /** Articles whose label a person changed. */
  corrected: number;
  /** Articles a person labelled (changed or confirmed). */
  checked: number;
  sample: number[];
  sampleChecked: number;
  /** Share of checked sample articles where the person agreed with Kiki's label; null before any is checked. */
  agreement: number | null;
}

export function summarizeHumanCheck(articles: ArticleResult[]): HumanCheckSummary {
  const sample = validationSample(articles);
  const checked = articles.filter((a) => a.human);
  const sampleChecked = sample.map((i) => articles[i]).filter((a): a is ArticleResult => Boolean(a?.human));
  const agreed = sampleChecked.filter((a) => a.human?.label === a.human?.scoredLabel).length;
  return {
    corrected: checked.filter((a) => a.human?.label !== a.human?.scoredLabel).length,
    checked: checked.length,
    sample,
    sampleChecked: sampleChecked.length,
    agreement: sampleChecked.length ? Math.round((agreed / sampleChecked.length) * 1000) / 1000 : null,
  };
}
