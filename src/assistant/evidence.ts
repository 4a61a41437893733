import type { Passage } from '../retrieval/types.js';

/**
 * When is the best evidence strong enough to answer? Ranking scores are only comparable within one result
 * list, so the decision uses the raw signals retrieval reports for every passage (see Passage.signals).
 * The values are calibrated with `npx tsx scripts/eval-answers.ts --sweep` on the handbook question sets
 * (answerable and unanswerable); the figures and the choice are in docs/benchmarks.md, "Answers".
 */
export interface EvidenceThresholds {
  /** Share of the question's content words the passage contains. */
  minCoverage: number;
  /** Lexical (BM25) score, required together with minCoverage. */
  minBm25: number;
  /**
   * Coverage that is enough with any lexical match: a short question ("What is the per diem?") has one or two
   * content words, so its BM25 sum stays low even when the passage is exactly about it.
   */
  fullCoverage: number;
}

/**
 * Calibrated on 50 answerable + 35 unanswerable handbook questions: coverage ≥ 0.4 and BM25 ≥ 10 answer 83 %
 * of the unanswerable ones "not found" while losing 2 of the 34 answerable ones whose expected file retrieval
 * ranks at all (BM25 ≥ 11 reaches 91 % but sits on a cliff: 12 drops answerable hits to 52 %). Cosine is not
 * used: its scale differs between the offline LSA embedder and OpenAI's, so one threshold cannot serve both.
 */
export const DEFAULT_THRESHOLDS: EvidenceThresholds = { minCoverage: 0.4, minBm25: 10, fullCoverage: 0.75 };

/** Chunks in the handbook index the thresholds were calibrated on. */
export const CALIBRATION_CHUNKS = 4024;

/**
 * BM25 grows with the rarity of the matched words, roughly as ln(N) for N indexed passages, so a corpus of
 * 300 passages scores the same match about a third lower than the 4,000-passage handbook. The BM25 threshold
 * is scaled by ln(1+N) / ln(1+N_calibration) so that it means the same on the shipped samples and on a big
 * wiki.
 */
export function thresholdsFor(chunks: number | undefined, t: EvidenceThresholds = DEFAULT_THRESHOLDS): EvidenceThresholds {
  if (!chunks || chunks < 1) return t;
  return { ...t, minBm25: (t.minBm25 * Math.log(1 + chunks)) / Math.log(1 + CALIBRATION_CHUNKS) };
}

export function isStrongEnough(p: Passage, t: EvidenceThresholds = DEFAULT_THRESHOLDS): boolean {
  const coverage = p.signals.coverage ?? 0;
  const bm25 = p.signals.bm25 ?? 0;
  return (coverage >= t.minCoverage && bm25 >= t.minBm25) || (coverage >= t.fullCoverage && bm25 > 0);
}

/** The passages worth answering from: the strong ones, best first, one per document section. */
export function usablePassages(passages: Passage[], t: EvidenceThresholds = DEFAULT_THRESHOLDS, max = 3): Passage[] {
  const seen = new Set<string>();
  const out: Passage[] = [];
  for (const p of passages) {
    if (!isStrongEnough(p, t)) continue;
    const key = `${p.source}#${p.heading}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(p);
    if (out.length >= max) break;
  }
  return out;
}
