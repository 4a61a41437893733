import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';

export const TFN_LABELS = ['negative', 'positive', 'neutral'] as const;

/** Rows of ../shared/corpora/sentiment/twitter-financial-news-en (0 = bearish, 1 = bullish, 2 = neutral). */
export function readTwitterFinancial(dir: string, split: 'train' | 'valid'): { text: string; label: (typeof TFN_LABELS)[number] }[] {
  const rows = parse(fs.readFileSync(path.join(dir, `sent_${split}.csv`)), { columns: true, skip_empty_lines: true }) as {
    text: string;
    label: string;
  }[];
  return rows.map((r) => ({ text: r.text, label: TFN_LABELS[Number(r.label)] ?? 'neutral' }));
}
