/** Accuracy and macro-F1 over string labels (every label in `labels` counts, even if never predicted). */
export function scoreLabels(
  gold: string[],
  predicted: string[],
  labels: string[],
): { accuracy: number; macroF1: number; f1: Record<string, number> } {
  let correct = 0;
  const f1: Record<string, number> = {};
  for (let i = 0; i < gold.length; i++) if (gold[i] === predicted[i]) correct++;
  for (const label of labels) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    for (let i = 0; i < gold.length; i++) {
      if (predicted[i] === label && gold[i] === label) tp++;
      else if (predicted[i] === label) fp++;
      else if (gold[i] === label) fn++;
    }
    const p = tp + fp ? tp / (tp + fp) : 0;
    const r = tp + fn ? tp / (tp + fn) : 0;
    f1[label] = p + r ? (2 * p * r) / (p + r) : 0;
  }
  const macroF1 = labels.reduce((s, l) => s + (f1[l] ?? 0), 0) / labels.length;
  return { accuracy: gold.length ? correct / gold.length : 0, macroF1, f1 };
}

export { seededRandom, shuffled } from '../../src/random.js';
