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
  /** Lexical score, required together with minCoverage. */
  minBm25: number;
  /** Cosine similarity that alone is enough (only when a real embedding model produced it). */
  minCosine: number;
}

export const DEFAULT_THRESHOLDS: EvidenceThresholds = { minCoverage: 0.5, minBm25: 2, minCosine: 0.6 };

export function isStrongEnough(p: Passage, t: EvidenceThresholds = DEFAULT_THRESHOLDS): boolean {
  const coverage = p.signals.coverage ?? 0;
  const bm25 = p.signals.bm25 ?? 0;
  if (coverage >= t.minCoverage && bm25 >= t.minBm25) return true;
  return p.signals.cosine !== undefined && p.signals.cosine >= t.minCosine && coverage >= t.minCoverage / 2;
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
