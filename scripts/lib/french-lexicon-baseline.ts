// A French lexicon baseline, built at evaluation time from ../shared/corpora/sentiment/french-lexicons
// (FEEL, Polarimots, Augustin, the negator list). Their licences are unclear, so nothing of them is shipped:
// this file reads them where they are and keeps them in memory for the run only.
import fs from 'node:fs';
import path from 'node:path';
import { frStem } from '../../src/comms/scoring/lexicon-fr.js';
import { fold, isPunct, tokenize } from '../../src/comms/scoring/text.js';

export interface FrenchLexiconBaseline {
  entries: number;
  label(text: string): 'negative' | 'neutral' | 'positive';
}

/** Majority polarity of each single word over the three lexicons, looked up by word and by stem. */
export function loadFrenchLexiconBaseline(dir: string): FrenchLexiconBaseline {
  const votes = new Map<string, number>();
  const vote = (word: string, polarity: string) => {
    const v = polarity === 'positive' ? 1 : polarity === 'negative' ? -1 : 0;
    if (!v || /\s/.test(word.trim())) return;
    for (const key of new Set([fold(word.trim().toLowerCase()), `~${fold(frStem(word.trim().toLowerCase()))}`]))
      votes.set(key, (votes.get(key) ?? 0) + v);
  };
  const lines = (file: string) =>
    fs
      .readFileSync(path.join(dir, file), 'utf8')
      .replace(/^\uFEFF/, '')
      .split(/\r?\n|\r/)
      .filter(Boolean)
      .map((l) => l.split(';'));
  for (const [, word, polarity] of lines('FEEL.txt')) if (word && polarity) vote(word, polarity);
  for (const [, lemma, , polarity] of lines('Polarimots.txt')) if (lemma && polarity) vote(lemma, polarity);
  for (const [word, polarity] of lines('Augustin-pol.lf.txt')) if (word && polarity) vote(word, polarity);
  const negators = new Set(lines('Negators.txt').map(([w]) => (w ?? '').trim().toLowerCase()));
  return {
    entries: votes.size,
    label(text) {
      let sum = 0;
      let negated = 0;
      for (const t of tokenize(text).flatMap((w) => w.split("'").filter(Boolean))) {
        if (isPunct(t)) {
          negated = 0;
          continue;
        }
        if (negators.has(t)) {
          negated = 3;
          continue;
        }
        const v = votes.get(fold(t)) ?? votes.get(`~${fold(frStem(t))}`) ?? 0;
        sum += Math.sign(v) * (negated > 0 ? -1 : 1);
        if (negated > 0) negated--;
      }
      return sum > 0 ? 'positive' : sum < 0 ? 'negative' : 'neutral';
    },
  };
}
