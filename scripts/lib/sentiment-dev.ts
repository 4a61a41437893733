// Development and evaluation sets of the sentiment scorer, read from ../shared/corpora/sentiment, and the
// offline scorer applied to one text as an article (the text is the headline, nothing else).
import fs from 'node:fs';
import path from 'node:path';
import { analyzeOffline, prepareArticle } from '../../src/comms/analyze.js';
import type { ArticleResult } from '../../src/comms/types.js';

export type Gold = 'negative' | 'neutral' | 'positive';
export interface Row {
  text: string;
  label: Gold;
}

export function readDeft(dir: string, split: 'train' | 'val' | 'test'): Row[] {
  return fs
    .readFileSync(path.join(dir, `${split}.jsonl`), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Row);
}

/** One text scored as a headline-only article in the given language (detection is skipped: tweets are short). */
export function scoreAsArticle(text: string, language: 'en' | 'fr', calibrated = true): ArticleResult {
  const prepared = { ...prepareArticle({ source: 'eval', title: text, outlet: null, author: null, date: null, text: '' }), language };
  return analyzeOffline(prepared, [], { calibrated });
}

/** 3-class view of a 4-class label: "mixed" counts as neutral. */
export function threeClass(label: string): Gold {
  return label === 'positive' || label === 'negative' ? label : 'neutral';
}

export function isOpposite(predicted: string, gold: string): boolean {
  return (predicted === 'positive' && gold === 'negative') || (predicted === 'negative' && gold === 'positive');
}

/** Reliability table: confidence bins, how many fall in each, mean confidence and accuracy there. */
export function reliability(items: { confidence: number; correct: boolean }[], edges = [0, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.01]) {
  const rows: { bin: string; n: number; meanConfidence: number; accuracy: number }[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const lo = edges[i] as number;
    const hi = edges[i + 1] as number;
    const inBin = items.filter((x) => x.confidence >= lo && x.confidence < hi);
    if (inBin.length === 0) continue;
    rows.push({
      bin: `${lo.toFixed(1)}–${Math.min(hi, 1).toFixed(1)}`,
      n: inBin.length,
      meanConfidence: inBin.reduce((s, x) => s + x.confidence, 0) / inBin.length,
      accuracy: inBin.filter((x) => x.correct).length / inBin.length,
    });
  }
  return rows;
}
