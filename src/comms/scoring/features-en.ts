import { afinn165FinancialMarketNews } from 'afinn-165-financialmarketnews';
import { stemmer } from 'stemmer';
import { isPunct, tokenize } from './text.js';

/** Words that flip the next few words ("not good", "no growth", "didn't beat"). */
const NEGATORS = new Set(['not', 'no', 'never', 'nor', 'without', 'neither', 'cannot', 'hardly', 'barely', 'none', 'nobody', 'nothing']);
const INTENSIFIERS: Record<string, number> = {
  very: 1.5,
  extremely: 1.8,
  highly: 1.5,
  deeply: 1.5,
  sharply: 1.6,
  strongly: 1.5,
  significantly: 1.4,
  hugely: 1.6,
  really: 1.3,
  particularly: 1.3,
  so: 1.3,
  slightly: 0.5,
  somewhat: 0.6,
  marginally: 0.5,
  modestly: 0.6,
};
const NEGATION_SCOPE = 3;

/** Press words AFINN leaves out or rates for everyday speech rather than company coverage. */
const PRESS: Record<string, number> = {
  promising: 2,
  robust: 2,
  resilient: 2,
  outperform: 2,
  outperformed: 2,
  outperforms: 2,
  beat: 1,
  beats: 1,
  upgrade: 2,
  upgraded: 2,
  downgrade: -2,
  downgraded: -2,
  simple: 1,
  fast: 1,
  seamless: 2,
  intuitive: 2,
  hit: 1,
  breakthrough: 3,
  milestone: 2,
  surge: 2,
  surged: 2,
  soared: 2,
  rebound: 2,
  rebounded: 2,
  record: 1,
  praised: 2,
  acclaimed: 2,
  plunge: -2,
  plunged: -2,
  slump: -2,
  slumped: -2,
  tumbled: -2,
  layoffs: -2,
  layoff: -2,
  redundancies: -2,
  outage: -2,
  outages: -2,
  downtime: -2,
  glitch: -2,
  breach: -2,
  probe: -1,
  fined: -2,
  lawsuit: -2,
  scandal: -3,
  overwhelmed: -2,
  delays: -1,
  delayed: -1,
  shortfall: -2,
  writedown: -2,
  headwinds: -1,
  collapse: -3,
  collapsed: -3,
  brutal: -3,
  morale: 0,
};

const LEXICON: Record<string, number> = { ...afinn165FinancialMarketNews, ...PRESS };

export function isNegator(token: string): boolean {
  return NEGATORS.has(token) || token.endsWith("n't");
}

/** Sparse features of one English text: unigrams (negation-marked), bigrams, stem n-grams and two lexicon sums. */
export function enFeatures(text: string): Map<string, number> {
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
    const intensity = INTENSIFIERS[t];
    if (intensity !== undefined) {
      boost = intensity;
      add(t);
      continue;
    }
    add(negated > 0 ? `not_${t}` : t);
    const v = LEXICON[t];
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
