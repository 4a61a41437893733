// Our own press-style article sets (scripts/eval/sentiment-press-{dev,test}.jsonl): short French and English
// articles written by us from patterns seen in real coverage (no press text is copied), with the article's
// label and the tone toward the brand (Acme Pay) beside a competitor (Paynova).
import fs from 'node:fs';
import path from 'node:path';
import { analyzeOffline, prepareArticle } from '../../src/comms/analyze.js';
import type { ArticleResult, SentimentLabel } from '../../src/comms/types.js';

export interface PressRow {
  id: string;
  language: 'en' | 'fr';
  label: SentimentLabel;
  brand: string;
  brand_label: SentimentLabel;
  competitors: string[];
  title: string;
  text: string;
}

export function readPressSet(split: 'dev' | 'test'): PressRow[] {
  const file = path.join(import.meta.dirname, '..', 'eval', `sentiment-press-${split}.jsonl`);
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as PressRow);
}

export function scorePressRow(row: PressRow): ArticleResult {
  const prepared = prepareArticle({ source: row.id, title: row.title, outlet: null, author: null, date: null, text: row.text });
  return analyzeOffline(prepared, [row.brand], { competitors: row.competitors });
}

/** The sentences of an article that name the brand (what a sentence-level baseline reads for the brand tone). */
export function brandText(row: PressRow): string {
  const re = new RegExp(row.brand.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
  return [row.title, ...row.text.split(/(?<=[.!?])\s+/)].filter((s) => re.test(s)).join(' ');
}
