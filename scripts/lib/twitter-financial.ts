import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { seededRandom } from '../../src/random.js';

export const TFN_LABELS = ['negative', 'positive', 'neutral'] as const;

/** Rows of ../shared/corpora/sentiment/twitter-financial-news-en (0 = bearish, 1 = bullish, 2 = neutral). */
export function readTwitterFinancial(dir: string, split: 'train' | 'valid'): { text: string; label: (typeof TFN_LABELS)[number] }[] {
  const rows = parse(fs.readFileSync(path.join(dir, `sent_${split}.csv`)), { columns: true, skip_empty_lines: true }) as {
    text: string;
    label: string;
  }[];
  return rows.map((r) => ({ text: r.text, label: TFN_LABELS[Number(r.label)] ?? 'neutral' }));
}

/**
 * The fixed 90/10 split of the train split (seed 7): the shipped model is fitted on the 90%, hyperparameters,
 * the blend and the confidence calibration are chosen on the 10%. Validation is never used for choosing.
 */
export function splitTrain<T>(rows: T[]): { fit: T[]; held: T[] } {
  const rand = seededRandom(7);
  const order = rows.map((_, i) => i).sort(() => rand() - 0.5);
  const cut = Math.floor(order.length * 0.9);
  return { fit: order.slice(0, cut).map((i) => rows[i] as T), held: order.slice(cut).map((i) => rows[i] as T) };
}
