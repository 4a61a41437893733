import { LRUCache } from 'lru-cache';
import { stemmer } from 'stemmer';

// A short English stop list: function words that carry no topic, so neither BM25 nor coverage counts them.
const STOP = new Set(
  `a an and are as at be been but by can could did do does doing for from had has have how i if in into is it its
  me my of on or our should so than that the their them then there these they this to was we were what when where
  which who whom why will with would you your yours about after before any all also am being both each few more
  most other over same some such only own too very just don now get got us he she his her hers him may might must
  shall up down out off again further once here ever`
    .split(/\s+/)
    .filter(Boolean),
);

const stemCache = new LRUCache<string, string>({ max: 200_000 });

function stem(word: string): string {
  let s = stemCache.get(word);
  if (s === undefined) {
    s = stemmer(word);
    stemCache.set(word, s);
  }
  return s;
}

/** Lower-cased words with accents folded, split on anything that is not a letter or digit. */
export function words(text: string): string[] {
  return (
    text
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .match(/[\p{L}\p{N}]+/gu) ?? []
  );
}

/** Stemmed content terms: what BM25, the embedder and coverage all count. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (w.length > 40 || STOP.has(w)) continue;
    out.push(stem(w));
  }
  return out;
}

/**
 * Share of the query's distinct content terms that occur in the passage (0..1); with `synonymsOf`, a term also
 * counts when one of its synonym terms occurs.
 */
export function coverage(queryTerms: string[], passageTerms: Set<string>, synonymsOf?: ReadonlyMap<string, ReadonlySet<string>>): number {
  const distinct = new Set(queryTerms);
  if (distinct.size === 0) return 0;
  let hit = 0;
  for (const t of distinct) {
    if (passageTerms.has(t)) hit++;
    else {
      for (const s of synonymsOf?.get(t) ?? []) {
        if (passageTerms.has(s)) {
          hit++;
          break;
        }
      }
    }
  }
  return hit / distinct.size;
}
