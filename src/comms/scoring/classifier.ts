import { z } from 'zod';

export const CLASS_LABELS = ['negative', 'positive', 'neutral'] as const;
export type ClassLabel = (typeof CLASS_LABELS)[number];

/** The shipped model file: a multinomial logistic regression over sparse features. */
export const linearModelSchema = z.object({
  kind: z.literal('multinomial-logistic-regression'),
  version: z.number(),
  labels: z.tuple([z.literal('negative'), z.literal('positive'), z.literal('neutral')]),
  trainedOn: z.string(),
  hyperparameters: z.record(z.string(), z.number()),
  weights: z.record(z.string(), z.tuple([z.number(), z.number(), z.number()])),
});
export type LinearModelFile = z.infer<typeof linearModelSchema>;

export class LinearClassifier {
  private readonly weights: Map<string, readonly [number, number, number]>;

  constructor(file: LinearModelFile) {
    this.weights = new Map(Object.entries(file.weights));
  }

  /** Probabilities in CLASS_LABELS order. */
  predict(features: Map<string, number>): [number, number, number] {
    const z: [number, number, number] = [0, 0, 0];
    for (const [name, value] of features) {
      const w = this.weights.get(name);
      if (!w) continue;
      z[0] += w[0] * value;
      z[1] += w[1] * value;
      z[2] += w[2] * value;
    }
    return softmax(z);
  }
}

export function softmax(z: [number, number, number]): [number, number, number] {
  const m = Math.max(...z);
  const e = z.map((v) => Math.exp(v - m)) as [number, number, number];
  const s = e[0] + e[1] + e[2];
  return [e[0] / s, e[1] / s, e[2] / s];
}
