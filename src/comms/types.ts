import type { ArticleCoverage } from './coverage.js';

/** What every intake path produces: the article's text and whatever metadata its source carried. */
export interface RawArticle {
  source: string;
  title: string;
  outlet: string | null;
  author: string | null;
  /** ISO date (YYYY-MM-DD) when the source says when it was published. */
  date: string | null;
  text: string;
}

export type SentimentLabel = 'positive' | 'neutral' | 'negative' | 'mixed';

export interface ScoredSentence {
  text: string;
  score: number;
}

export interface BrandTreatment {
  mentions: number;
  label: SentimentLabel;
  score: number;
  /** The sentence about the brand that best shows how it is treated. */
  example: string | null;
}

export interface ArticleResult {
  source: string;
  title: string;
  outlet: string | null;
  author: string | null;
  date: string | null;
  language: string;
  label: SentimentLabel;
  score: number;
  /** Calibrated on development data (docs/benchmarks.md); see needsReview. */
  confidence: number;
  /** Below the calibrated review level: "needs a human check", never drives the headline figure on its own. */
  needsReview: boolean;
  quotes: { positive: string[]; negative: string[] };
  /** Sentences of reported speech: direct quotes and indirect ("critics said", "selon"). */
  speech: { quoted: number; reported: number };
  /** People quoted or cited (names near reported speech), brand and competitor names left out. */
  spokespeople: string[];
  themes: string[];
  brand: BrandTreatment | null;
  scorer: 'offline' | 'model';
  /** Set when a person labelled the article in Slack: their label replaces Kiki's (kept as scoredLabel). */
  human?: { label: SentimentLabel; scoredLabel: SentimentLabel; by: string };
  /** Competitors named and key messages carried (see coverage.ts). */
  coverage?: ArticleCoverage;
  /** The text that was scored (capped), kept for the human check's labelled export; never shown. */
  text?: string;
  /** With a model: its one-line reason for the label, shown in the report. */
  rationale?: string;
  /** Why a result is less than it should be: unsupported language, model fallback… */
  note?: string;
  sentences: number;
}

export interface FailedArticle {
  source: string;
  error: string;
}

/** One thing to read: a URL, a file on disk, bytes uploaded with a name, or pasted text. */
export type SourceInput =
  | { kind: 'url'; url: string }
  | { kind: 'file'; path: string }
  | { kind: 'buffer'; filename: string; data: Buffer }
  | { kind: 'text'; text: string; name?: string };
