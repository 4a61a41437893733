// Tables of the sentiment evaluation (scripts/eval-sentiment.ts): scores against baselines, the reliability
// of the confidence, and the learning curve of the team adjustment.
import { reviewLevel } from '../../src/comms/scoring/calibration.js';
import type { ArticleResult } from '../../src/comms/types.js';
import { printTable } from './bench-utils.js';
import { scoreLabels } from './metrics.js';
import { type Gold, isOpposite, reliability, threeClass } from './sentiment-dev.js';
import type { CurveRow } from './team-curve.js';
import { learningCurve } from './team-curve.js';

export type Labeller = (text: string) => string;

/** Accuracy and macro-F1 of Kiki and the baselines over the given labels, as one table. */
export function scoreTable(title: string, gold: string[], kiki: string[], baselines: [string, string[]][], labels: string[]): void {
  const results = [
    ...baselines.map(([name, predicted]) => ({ name, ...scoreLabels(gold, predicted, labels) })),
    { name: 'Kiki offline scorer', ...scoreLabels(gold, kiki, labels) },
  ];
  const best = Math.max(...results.slice(0, -1).map((r) => r.macroF1));
  printTable(
    `${title} (${gold.length} texts)`,
    ['system', 'accuracy', 'macro-F1', ...labels.map((l) => `F1 ${l.slice(0, 3)}`), 'macro-F1 vs best baseline'],
    results.map((r) => [
      r.name,
      r.accuracy.toFixed(3),
      r.macroF1.toFixed(3),
      ...labels.map((l) => (r.f1[l] ?? 0).toFixed(3)),
      `${r.macroF1 - best >= 0 ? '+' : ''}${(r.macroF1 - best).toFixed(3)}`,
    ]),
  );
}

/** Reliability table of the shown confidence, and what the review level lets through. */
export function reliabilityTable(
  title: string,
  scored: ArticleResult[],
  gold: string[],
  language: string,
  classes: (l: string) => string = threeClass,
): void {
  const level = reviewLevel(language);
  printTable(
    `${title}: reliability of Kiki's confidence (review level ${level})`,
    ['confidence', 'texts', 'mean confidence', 'accuracy'],
    reliability(scored.map((a, i) => ({ confidence: a.confidence, correct: classes(a.label) === gold[i] }))).map((r) => [
      r.bin,
      r.n,
      r.meanConfidence.toFixed(3),
      r.accuracy.toFixed(3),
    ]),
  );
  const confident = scored.map((a, i) => ({ a, gold: gold[i] as string })).filter((x) => !x.a.needsReview);
  const opposite = confident.filter((x) => isOpposite(classes(x.a.label), x.gold));
  const right = confident.filter((x) => classes(x.a.label) === x.gold).length;
  const noOpinion = scored.filter((a) => a.note?.startsWith('No opinion found')).length;
  console.log(
    `\nAbove the review level: ${confident.length} of ${scored.length} (${((100 * confident.length) / Math.max(1, scored.length)).toFixed(1)}%), accuracy ${(right / Math.max(1, confident.length)).toFixed(3)}, opposite polarity ${opposite.length}${
      opposite.length
        ? `: ${opposite
            .slice(0, 3)
            .map((x) => JSON.stringify(x.a.title.slice(0, 90)))
            .join('; ')}`
        : ''
    }. Flagged for a person: ${scored.length - confident.length}, of which ${noOpinion} with no opinion found (neutral, low confidence).`,
  );
}

/** The learning curve of the team adjustment on one set (see team-curve.ts). */
export function curveTable(title: string, rows: CurveRow[], score: (r: CurveRow) => ArticleResult): void {
  const curve = learningCurve(rows, score);
  printTable(
    `${title}: accuracy on the unlabelled half after N simulated corrections (5 seeds, ${rows.length} texts)`,
    ['corrections', 'accuracy (mean)', 'spread over seeds', 'labels changed by the team adjustment'],
    curve.map((p) => [p.n, p.accuracy.toFixed(3), p.spread.toFixed(3), p.changed.toFixed(1)]),
  );
}

export function goldOf(rows: { label: string }[]): Gold[] {
  return rows.map((r) => threeClass(r.label));
}
