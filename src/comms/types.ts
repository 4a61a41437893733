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

/** The company's role in a sentence: what it does or suffers, criticism aimed at it, its own words, or a passing mention. */
export type BrandRole = 'subject' | 'target' | 'speaker' | 'mentioned';

export interface BrandSentence {
  text: string;
  score: number;
  role: BrandRole;
}

export interface BrandTreatment {
  mentions: number;
  label: SentimentLabel;
  score: number;
  /** The sentence about the brand that best shows how it is treated. */
  example: string | null;
  /** The sentences about the company that decided its tone (up to three), with its role in each. */
  sentences: BrandSentence[];
}

/** A sentence that weighed most in the article's label, with its score and weight. */
export interface DecidingSentence {
  text: string;
  score: number;
  weight: number;
  headline: boolean;
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
  /** Why the article got its label: the sentences that weighed most (offline scoring). */
  deciding?: DecidingSentence[];
  scorer: 'offline' | 'model';
  /** Set when a person labelled the article in Slack: their label replaces Kiki's (kept as scoredLabel). */
  human?: { label: SentimentLabel; scoredLabel: SentimentLabel; by: string };
  /** Set when the team's past labels changed Kiki's label (see team.ts): the offline label and why. */
  team?: { offlineLabel: SentimentLabel; reason: string; similarity?: number };
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
