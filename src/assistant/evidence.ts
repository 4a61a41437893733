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
  /**
   * Judge coverage by `expandedCoverage` (the asker's words or their WordNet synonyms) in the two clauses
   * above instead of the asker's words alone. BM25 stays the asker's own words either way.
   */
  expanded?: boolean;
  /** Third clause: expandedCoverage at least this much together with BM25 ≥ minExpandedBm25 (absent: off). */
  minExpandedCoverage?: number;
  minExpandedBm25?: number;
}

/**
 * Calibrated on 50 answerable + 35 unanswerable handbook questions (figures in docs/benchmarks.md, "Answers").
 * Coverage ≥ 0.4 with BM25 ≥ 10 answers 83 % of the unanswerable ones "not found" (BM25 ≥ 11 reaches 91 % but
 * sits on a cliff: 12 drops answerable hits to 52 %). fullCoverage 0.6 instead of 0.75 also admits two of three
 * and three of five words: one more answerable hit, no unanswerable one (0.55-0.6 is a plateau; 0.5 lets 7 in). Retrieval
 * expands queries with WordNet synonyms, so an answerable question often finds a passage in other words: the
 * third clause accepts a passage holding every content word of the question itself or through a synonym
 * (expandedCoverage 1) with some own-word BM25 (≥ 2; 0-4 is a plateau, 5 loses one hit). Together: answerable
 * cite rate 0.64 → 0.70, unanswerable "not found" 0.83 → 0.80 (one question, "dress code for client meetings",
 * is fully covered through synonyms). Using expandedCoverage in place of coverage in the first two clauses was worse:
 * synonyms match unanswerable questions too (best 0.68 / 0.77). Cosine is not used: its scale differs between
 * the offline LSA embedder and OpenAI's, so one threshold cannot serve both.
 */
export const DEFAULT_THRESHOLDS: EvidenceThresholds = {
  minCoverage: 0.4,
  minBm25: 10,
  fullCoverage: 0.6,
  minExpandedCoverage: 1,
  minExpandedBm25: 2,
};

/** Chunks in the handbook index the thresholds were calibrated on. */
export const CALIBRATION_CHUNKS = 4024;

/**
 * BM25 grows with the rarity of the matched words, roughly as ln(N) for N indexed passages, so a corpus of
 * 300 passages scores the same match about a third lower than the 4,000-passage handbook. The BM25 thresholds
 * are scaled by ln(1+N) / ln(1+N_calibration) so that it means the same on the shipped samples and on a big
 * wiki.
 */
export function thresholdsFor(chunks: number | undefined, t: EvidenceThresholds = DEFAULT_THRESHOLDS): EvidenceThresholds {
  if (!chunks || chunks < 1) return t;
  const scale = Math.log(1 + chunks) / Math.log(1 + CALIBRATION_CHUNKS);
  return {
    ...t,
    minBm25: t.minBm25 * scale,
    ...(t.minExpandedBm25 !== undefined ? { minExpandedBm25: t.minExpandedBm25 * scale } : {}),
  };
}

export function isStrongEnough(p: Passage, t: EvidenceThresholds = DEFAULT_THRESHOLDS): boolean {
  const own = p.signals.coverage ?? 0;
  const expanded = Math.max(own, p.signals.expandedCoverage ?? own);
  const coverage = t.expanded ? expanded : own;
  const bm25 = p.signals.bm25 ?? 0;
  return (
    (coverage >= t.minCoverage && bm25 >= t.minBm25) ||
    (coverage >= t.fullCoverage && bm25 > 0) ||
    (t.minExpandedCoverage !== undefined && expanded >= t.minExpandedCoverage && bm25 >= (t.minExpandedBm25 ?? 0))
  );
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
