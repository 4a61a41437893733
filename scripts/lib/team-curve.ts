// The learning curve of the team adjustment (src/comms/team.ts): corrections simulated from labelled data.
// For each seed the rows are shuffled and halved: the team labels the first N articles of one half (N = 0, 10,
// 20, 40; they give the gold label), and accuracy is measured on the other half, never labelled.
import { buildTeamAdjustment } from '../../src/comms/team-fit.js';
import type { ArticleResult } from '../../src/comms/types.js';
import { seededRandom, shuffled } from './metrics.js';
import { threeClass } from './sentiment-dev.js';

export interface CurveRow {
  text: string;
  label: string;
  language: 'en' | 'fr';
}

export const CURVE_POINTS = [0, 10, 20, 40];

export function learningCurve(
  rows: CurveRow[],
  score: (row: CurveRow) => ArticleResult,
  opts: { seeds?: number; points?: number[] } = {},
): { n: number; accuracy: number; spread: number; changed: number }[] {
  const seeds = opts.seeds ?? 5;
  const points = opts.points ?? CURVE_POINTS;
  const perPoint = points.map(() => [] as { acc: number; changed: number }[]);
  for (let seed = 1; seed <= seeds; seed++) {
    const order = shuffled(rows, seededRandom(1000 + seed));
    const half = Math.floor(order.length / 2);
    const pool = order.slice(0, half);
    const held = order.slice(half);
    const offline = held.map((r) => ({ r, a: score(r) }));
    points.forEach((n, k) => {
      const team = buildTeamAdjustment(pool.slice(0, n).map((r) => ({ text: r.text, label: threeClass(r.label), language: r.language })));
      let correct = 0;
      let changed = 0;
      for (const { r, a } of offline) {
        const adjusted = n === 0 ? a : team.apply(a, r.text);
        if (adjusted.label !== a.label) changed++;
        if (threeClass(adjusted.label) === threeClass(r.label)) correct++;
      }
      perPoint[k]?.push({ acc: correct / Math.max(1, held.length), changed });
    });
  }
  return points.map((n, k) => {
    const runs = perPoint[k] ?? [];
    const accs = runs.map((x) => x.acc);
    return {
      n,
      accuracy: accs.reduce((s, x) => s + x, 0) / Math.max(1, accs.length),
      spread: accs.length ? Math.max(...accs) - Math.min(...accs) : 0,
      changed: runs.reduce((s, x) => s + x.changed, 0) / Math.max(1, runs.length),
    };
  });
}
