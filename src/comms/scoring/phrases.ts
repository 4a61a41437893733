// Multi-word press expressions ("redressement judiciaire", "plan social", "data breach"): read as one unit with
// their own valence, so that "redressement" (recovery) in "redressement judiciaire" (receivership) is not read
// alone. Entries live in press-lexicon.json and are matched on stems, so inflections count.
import fs from 'node:fs';
import { stemmer } from 'stemmer';
import { z } from 'zod';
import { frStem } from './lexicon-fr.js';
import { fold, isPunct, tokenize } from './text.js';

const fileSchema = z.object({ about: z.string(), fr: z.record(z.string(), z.number()), en: z.record(z.string(), z.number()) });

export interface PhraseMatch {
  start: number;
  end: number;
  phrase: string;
  valence: number;
}

interface Entry {
  stems: string[];
  phrase: string;
  valence: number;
}

const indexes = new Map<string, Map<string, Entry[]>>();

/** Word tokens as the scorers see them: lower case, punctuation kept, French elisions split ("n'a" → n, a). */
export function words(text: string, language: string): string[] {
  const tokens = tokenize(text);
  return language === 'fr' ? tokens.flatMap((t) => t.split("'").filter(Boolean)) : tokens;
}

export function stemOf(word: string, language: string): string {
  return language === 'fr' ? fold(frStem(word)) : stemmer(word);
}

function index(language: string): Map<string, Entry[]> {
  let idx = indexes.get(language);
  if (idx) return idx;
  const file = fileSchema.parse(JSON.parse(fs.readFileSync(new URL('./press-lexicon.json', import.meta.url), 'utf8')));
  const table = language === 'fr' ? file.fr : file.en;
  idx = new Map();
  for (const [phrase, valence] of Object.entries(table)) {
    const stems = words(phrase, language).map((w) => stemOf(w, language));
    const first = stems[0];
    if (!first) continue;
    idx.set(first, [...(idx.get(first) ?? []), { stems, phrase, valence }]);
  }
  for (const list of idx.values()) list.sort((a, b) => b.stems.length - a.stems.length);
  indexes.set(language, idx);
  return idx;
}

/** The longest press expressions found in a token list (from words()), left to right, never overlapping. */
export function findPhrases(tokens: string[], language: string): PhraseMatch[] {
  const idx = index(language);
  const stems = tokens.map((t) => (isPunct(t) ? t : stemOf(t, language)));
  const out: PhraseMatch[] = [];
  for (let i = 0; i < stems.length; i++) {
    const candidates = idx.get(stems[i] as string);
    const hit = candidates?.find((e) => e.stems.every((s, k) => stems[i + k] === s));
    if (!hit) continue;
    out.push({ start: i, end: i + hit.stems.length, phrase: hit.phrase, valence: hit.valence });
    i += hit.stems.length - 1;
  }
  return out;
}
