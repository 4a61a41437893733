import type { Passage } from '../retrieval/types.js';

/**
 * How likely a retrieved passage answers the question: a logistic model over the raw signals retrieval reports
 * (Passage.signals) and the passage's place in the list. One model both reorders the candidates and decides
 * between answering, "the closest I found" and "not found" (see ANSWER_STATES).
 *
 * The weights are fitted by `npx tsx scripts/tune-answers.ts --new-only` on the development questions only (the
 * handbook dev files written with issue 11 and the dev half of MTRAG): a passage is relevant when it comes from a file that answers the question;
 * every passage retrieved for an unanswerable question is irrelevant. The test sets were not used.
 * Cosine is left out on purpose: its scale differs between the offline LSA embedder and OpenAI's.
 */
export const FEATURES = [
  'coverage',
  'expandedCoverage',
  'idfCoverage',
  'expandedIdfCoverage',
  'titleCoverage',
  'documentCoverage',
  'unknownShare',
  'bm25Share',
  'expansionCoverage',
  'missingRarest',
  'reciprocalRank',
  'relativeScore',
  'queryTerms',
] as const;

export interface RelevanceModel {
  weights: Record<(typeof FEATURES)[number], number>;
  bias: number;
}

/** Fitted by scripts/tune-answers.ts (dev only); see docs/benchmarks.md, "Answers". */
export const RELEVANCE_MODEL: RelevanceModel = {
  weights: {
    coverage: 0.177,
    expandedCoverage: 0.365,
    idfCoverage: 0.511,
    expandedIdfCoverage: 0.714,
    titleCoverage: 1.064,
    documentCoverage: 0.505,
    unknownShare: 0.598,
    bm25Share: 1.95,
    expansionCoverage: 0.183,
    missingRarest: 0.78,
    reciprocalRank: 2.344,
    relativeScore: 2.422,
    queryTerms: 1.349,
  },
  bias: -8.856,
};

/** Feature values of the passage at `rank` (0 first) of `list`, in FEATURES order. */
export function featureVector(list: Passage[], rank: number, queryTermCount: number): number[] {
  const p = list[rank] as Passage;
  const s = p.signals;
  const top = list[0]?.score || 1;
  const values: Record<(typeof FEATURES)[number], number> = {
    coverage: s.coverage ?? 0,
    expandedCoverage: s.expandedCoverage ?? s.coverage ?? 0,
    idfCoverage: s.idfCoverage ?? s.coverage ?? 0,
    expandedIdfCoverage: s.expandedIdfCoverage ?? s.idfCoverage ?? s.coverage ?? 0,
    titleCoverage: s.titleCoverage ?? 0,
    documentCoverage: s.documentCoverage ?? s.idfCoverage ?? 0,
    unknownShare: s.unknownShare ?? 0,
    bm25Share: Math.min(3, s.bm25Share ?? 0),
    expansionCoverage: s.expansionCoverage ?? 0,
    missingRarest: s.missingRarest ?? 0,
    reciprocalRank: 1 / (rank + 1),
    relativeScore: top > 0 ? p.score / top : 0,
    queryTerms: Math.min(queryTermCount, 12) / 12,
  };
  return FEATURES.map((f) => values[f]);
}

/** A logistic model's probability for feature values `x`, given in the order of `names`. */
function logistic<F extends string>(names: readonly F[], model: { weights: Record<F, number>; bias: number }, x: number[]): number {
  let z = model.bias;
  for (const [i, f] of names.entries()) z += model.weights[f] * (x[i] ?? 0);
  return 1 / (1 + Math.exp(-z));
}

export function probability(x: number[], model: RelevanceModel = RELEVANCE_MODEL): number {
  return logistic(FEATURES, model, x);
}

export interface Judged {
  passage: Passage;
  /** Probability that the passage answers the question. */
  p: number;
}

/** The candidates ordered by the model, most likely first (ties keep retrieval's order). */
export function judge(list: Passage[], queryTermCount: number, model: RelevanceModel = RELEVANCE_MODEL): Judged[] {
  return list
    .map((passage, i) => ({ passage, p: probability(featureVector(list, i, queryTermCount), model), i }))
    .sort((a, b) => b.p - a.p || a.i - b.i)
    .map(({ passage, p }) => ({ passage, p }));
}

/**
 * Is the best candidate the answer? A second logistic model, over the question as a whole: how sure the
 * relevance model is of the best passage and of the runner-up from another document, and how much of the
 * question the best passage holds. Fitted by scripts/tune-answers.ts on the dev questions: positive when the
 * best passage comes from a file that answers the question. Its probability decides the answer state.
 */
export const ANSWERABILITY_FEATURES = [
  'best',
  'runnerUp',
  'margin',
  'idfCoverage',
  'missingRarest',
  'unknownShare',
  'titleCoverage',
  'documentCoverage',
  'bm25Share',
  'queryTerms',
  'expansionCoverage',
  'bestIdfCoverageTop5',
] as const;

export interface AnswerabilityModel {
  weights: Record<(typeof ANSWERABILITY_FEATURES)[number], number>;
  bias: number;
}

export const ANSWERABILITY_MODEL: AnswerabilityModel = {
  weights: {
    best: 1.083,
    runnerUp: 0.14,
    margin: 0.943,
    idfCoverage: 0.276,
    missingRarest: 0.297,
    unknownShare: 0.48,
    titleCoverage: 0.631,
    documentCoverage: 0.047,
    bm25Share: 1.133,
    queryTerms: 0.692,
    expansionCoverage: -0.048,
    bestIdfCoverageTop5: -0.24,
  },
  bias: -2.39,
};

export function answerabilityVector(judged: Judged[], queryTermCount: number): number[] {
  const top = judged[0];
  if (!top) return ANSWERABILITY_FEATURES.map(() => 0);
  const s = top.passage.signals;
  const runner = judged.find((j) => j.passage.source !== top.passage.source)?.p ?? 0;
  const values: Record<(typeof ANSWERABILITY_FEATURES)[number], number> = {
    best: top.p,
    runnerUp: runner,
    margin: top.p - runner,
    idfCoverage: s.idfCoverage ?? s.coverage ?? 0,
    missingRarest: s.missingRarest ?? 0,
    unknownShare: s.unknownShare ?? 0,
    titleCoverage: s.titleCoverage ?? 0,
    documentCoverage: s.documentCoverage ?? 0,
    bm25Share: Math.min(3, s.bm25Share ?? 0),
    queryTerms: Math.min(queryTermCount, 12) / 12,
    expansionCoverage: s.expansionCoverage ?? 0,
    bestIdfCoverageTop5: Math.max(0, ...judged.slice(0, 5).map((j) => j.passage.signals.idfCoverage ?? 0)),
  };
  return ANSWERABILITY_FEATURES.map((f) => values[f]);
}

export function answerability(judged: Judged[], queryTermCount: number, model: AnswerabilityModel = ANSWERABILITY_MODEL): number {
  return logistic(ANSWERABILITY_FEATURES, model, answerabilityVector(judged, queryTermCount));
}
