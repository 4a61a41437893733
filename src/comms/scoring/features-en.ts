import { afinn165FinancialMarketNews } from 'afinn-165-financialmarketnews';
import { stemmer } from 'stemmer';
import { z } from 'zod';
import { loadDataFile } from '../../data-file.js';
import { isPunct, tokenize } from './text.js';

/** Words that flip the next few words ("not good", "no growth", "didn't beat"). */
const NEGATORS = new Set(['not', 'no', 'never', 'nor', 'without', 'neither', 'cannot', 'hardly', 'barely', 'none', 'nobody', 'nothing']);
const NEGATION_SCOPE = 3;

const weights = z.record(z.string().min(1), z.number().min(-5).max(5));
/**
 * lexicon-en.json: `press`, the press words AFINN leaves out or rates for everyday speech rather than company
 * coverage (they override AFINN); `intensifiers`, the factor each applies to the next word.
 */
const lexiconSchema = z.strictObject({ press: weights, intensifiers: weights });

// Maps, not objects: a word such as "constructor" must not find Object.prototype's function (NaN scores).
let lexicon: { valence: Map<string, number>; intensifiers: Map<string, number> } | undefined;

function load() {
  if (!lexicon) {
    const file = loadDataFile(new URL('./lexicon-en.json', import.meta.url), lexiconSchema);
    lexicon = {
      valence: new Map(Object.entries({ ...afinn165FinancialMarketNews, ...file.press })),
      intensifiers: new Map(Object.entries(file.intensifiers)),
    };
  }
  return lexicon;
}

export function isNegator(token: string): boolean {
  return NEGATORS.has(token) || token.endsWith("n't");
}

/** Sparse features of one English text: unigrams (negation-marked), bigrams, stem n-grams and two lexicon sums. */
export function enFeatures(text: string): Map<string, number> {
  const { valence, intensifiers } = load();
  const tokens = tokenize(text);
  const features = new Map<string, number>();
  const add = (k: string, v = 1) => features.set(k, (features.get(k) ?? 0) + v);
  let negated = 0;
  let boost = 1;
  let lexPos = 0;
  let lexNeg = 0;
  let prev: string | undefined;
  for (const t of tokens) {
    if (isPunct(t)) {
      negated = 0;
      boost = 1;
      prev = undefined;
      continue;
    }
    if (prev) add(`${prev} ${t}`);
    prev = t;
    if (isNegator(t)) {
      negated = NEGATION_SCOPE;
      add(t);
      continue;
    }
    const intensity = intensifiers.get(t);
    if (intensity !== undefined) {
      boost = intensity;
      add(t);
      continue;
    }
    add(negated > 0 ? `not_${t}` : t);
    const v = valence.get(t);
    if (v !== undefined) {
      const value = v * boost * (negated > 0 ? -0.75 : 1);
      if (value > 0) lexPos += value;
      else lexNeg -= value;
    }
    boost = 1;
    if (negated > 0) negated--;
  }
  // Porter stems, stem bigrams and trigrams: "raises / raised / raising price target" share their evidence.
  const stems = tokens.filter((t) => !isPunct(t)).map((t) => (/\d/.test(t) ? (t.endsWith('%') ? '__pct' : '__num') : stemmer(t)));
  for (let i = 0; i < stems.length; i++) {
    add(`s:${stems[i]}`);
    if (i + 1 < stems.length) add(`s:${stems[i]} ${stems[i + 1]}`);
    if (i + 2 < stems.length) add(`t:${stems[i]} ${stems[i + 1]} ${stems[i + 2]}`);
  }
  // Length-normalised n-grams (L2 = 3), so a long sentence is not more confident for being long.
  let sq = 0;
  for (const v of features.values()) sq += v * v;
  const norm = Math.sqrt(sq) || 1;
  for (const [k, v] of features) features.set(k, (v / norm) * 3);
  if (lexPos) add('__lexpos', lexPos / 4);
  if (lexNeg) add('__lexneg', lexNeg / 4);
  add('__bias');
  return features;
}

/** The lexicon alone, VADER-style normalised to [-1, 1]: for the French-free fallback and for quotes. */
export function enLexiconScore(text: string): number {
  return lexiconFromFeatures(enFeatures(text));
}

export function lexiconFromFeatures(f: Map<string, number>): number {
  const sum = ((f.get('__lexpos') ?? 0) - (f.get('__lexneg') ?? 0)) * 4;
  return sum / Math.sqrt(sum * sum + 15);
}
