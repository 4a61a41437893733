// Learning from the team: the labels Comms gave articles (stored corrections, or `kiki sentiment corrections
// --export`) adjust the offline scorer for this workspace, beside the shipped one. Two parts, both refitted on
// every report from the labels as they stand:
//  - the team's line between neutral and opinion: the label threshold on the article score that agrees best
//    with their labels (from 10 labels on, shrunk toward the shipped threshold);
//  - their label on similar coverage: an article whose words are close to an article they labelled (cosine
//    similarity of content-word stems) follows their label.
import * as sw from 'stopword';
import { stemOf, words } from './scoring/phrases.js';
import type { ArticleResult, SentimentLabel } from './types.js';

export interface TeamExample {
  text: string;
  label: SentimentLabel;
  language: string;
  title?: string;
}

/** Chosen on the development sets (docs/benchmarks.md): how close coverage must be to follow a label. */
export const TEAM_TUNING = {
  minSimilarity: 0.5,
  minLabelsForThreshold: 10,
  /** Share of the labels a new threshold must explain better than the shipped one (shrinkage). */
  thresholdMargin: 0.15,
  thresholds: [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4],
};
const SHIPPED_THRESHOLD = 0.2;
const STOP = new Set([...sw.eng, ...sw.fra]);

export function contentVector(text: string, language: string): Map<string, number> {
  const v = new Map<string, number>();
  for (const w of words(text, language)) {
    if (w.length < 3 || STOP.has(w) || !/\p{L}/u.test(w)) continue;
    const s = stemOf(w, language);
    v.set(s, 1);
  }
  return v;
}

export function cosine(a: Map<string, number>, b: Map<string, number>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let dot = 0;
  for (const [k, x] of a) dot += x * (b.get(k) ?? 0);
  return dot / Math.sqrt(a.size * b.size);
}

export interface TeamReading {
  label: SentimentLabel;
  /** Why: the team's threshold, or the labelled article this one is close to. */
  reason: string;
  similarity?: number;
}

export class TeamAdjustment {
  private readonly vectors: { example: TeamExample; v: Map<string, number> }[];

  /**
   * @param examples the team's labels
   * @param threshold the label threshold that agrees best with them (see fitThreshold), or the shipped one
   */
  constructor(
    examples: TeamExample[],
    readonly threshold = SHIPPED_THRESHOLD,
  ) {
    this.vectors = examples.map((example) => ({ example, v: contentVector(example.text, example.language) }));
  }

  get size(): number {
    return this.vectors.length;
  }

  /** The label the team's judgment gives an offline result, or null when it leaves it alone. */
  read(result: Pick<ArticleResult, 'label' | 'score' | 'language'>, text: string): TeamReading | null {
    const v = contentVector(text, result.language);
    let best: { example: TeamExample; similarity: number } | null = null;
    for (const { example, v: w } of this.vectors) {
      if (example.language !== result.language) continue;
      const similarity = cosine(v, w);
      if (similarity >= TEAM_TUNING.minSimilarity && (!best || similarity > best.similarity)) best = { example, similarity };
    }
    if (best) {
      return {
        label: best.example.label,
        reason: `close to an article the team labelled ${best.example.label}${best.example.title ? ` ("${best.example.title.slice(0, 80)}")` : ''}`,
        similarity: Math.round(best.similarity * 1000) / 1000,
      };
    }
    if (this.threshold === SHIPPED_THRESHOLD || result.label === 'mixed') return null;
    const label = relabel(result.score, this.threshold);
    return label === result.label ? null : { label, reason: `the team's line between neutral and opinion (${this.threshold})` };
  }

  /** The result as the team would read it: label changed, the offline one kept in `team.offlineLabel`. */
  apply(result: ArticleResult, text: string): ArticleResult {
    const r = this.read(result, text);
    if (!r || r.label === result.label) return result;
    return {
      ...result,
      label: r.label,
      team: { offlineLabel: result.label, reason: r.reason, ...(r.similarity ? { similarity: r.similarity } : {}) },
    };
  }
}

export function relabel(score: number, threshold: number): SentimentLabel {
  return Math.abs(score) < threshold ? 'neutral' : score > 0 ? 'positive' : 'negative';
}

/**
 * The threshold that agrees best with the team's labels on their articles' offline scores; the shipped one
 * until there are enough labels, and on ties.
 */
export function fitThreshold(labelled: { score: number; label: SentimentLabel; offlineLabel: SentimentLabel }[]): number {
  const usable = labelled.filter((l) => l.label !== 'mixed' && l.offlineLabel !== 'mixed');
  if (usable.length < TEAM_TUNING.minLabelsForThreshold) return SHIPPED_THRESHOLD;
  const agree = (t: number) => usable.filter((l) => relabel(l.score, t) === l.label).length;
  let best = SHIPPED_THRESHOLD;
  let bestAgree = agree(SHIPPED_THRESHOLD);
  for (const t of TEAM_TUNING.thresholds) {
    const a = agree(t);
    // Shrinkage toward the shipped line: a new threshold must explain clearly more of the labels.
    if (a >= bestAgree + Math.max(2, Math.ceil(TEAM_TUNING.thresholdMargin * usable.length))) {
      best = t;
      bestAgree = a;
    }
  }
  return best;
}
