// Tone toward one company: the sentences that name it (or refer back to it: "the company", "la fintech"), each
// read for the part that is about it, with the company's role there. A clause about a competitor does not
// count against the brand, and a sentence where the company only speaks ("Acme Pay said…") counts little.
import type { BrandRole, BrandSentence, BrandTreatment, ScoredSentence, SentimentLabel } from './types.js';

/** How much a sentence about the company counts, by the company's role in it. */
export const ROLE_WEIGHT: Record<BrandRole, number> = { subject: 1, target: 1, mentioned: 0.6, speaker: 0.3 };
const MAX_QUOTE = 300;

const GENERIC: Record<string, RegExp> = {
  en: /^\s*(?:the (?:company|firm|group|fintech|start-?up|payments (?:company|firm|group))|it)(?![\p{L}])/iu,
  fr: /^\s*(?:la (?:société|fintech|start-?up|firme|jeune pousse|direction)|l['’](?:entreprise|entité)|le (?:groupe|spécialiste|néobanque))(?![\p{L}])/iu,
};
const SPEAKER: Record<string, (name: string) => RegExp> = {
  en: (n) =>
    new RegExp(
      `${n}\\W+(?:\\w+\\W+){0,3}?(?:said|says|told|declined|denied|added|explained|stated)\\b|\\b(?:according to|said)\\s+${n}`,
      'iu',
    ),
  fr: (n) =>
    new RegExp(
      `${n}\\W+(?:\\S+\\s+){0,3}?(?:a (?:indiqué|déclaré|expliqué|précisé|assuré|affirmé)|indique|déclare|n['’]a pas souhaité)|(?:selon|d['’]après|a indiqué|a déclaré|a précisé)\\s+${n}`,
      'iu',
    ),
};
const TARGET: Record<string, (name: string) => RegExp> = {
  en: (n) =>
    new RegExp(
      `\\b(?:against|into|fined|accus\\w+|criticis\\w+|criticiz\\w+|sued|sue|slammed|blamed|probe of|complaints about|critics of)\\s+(?:\\w+\\s+){0,2}${n}`,
      'iu',
    ),
  fr: (n) =>
    new RegExp(
      `(?<![\\p{L}])(?:contre|accus\\p{L}*|critiqu\\p{L}*|condamn\\p{L}*|sanctionn\\p{L}*|vis(?:e|ant)|épingl\\p{L}*)\\s+(?:\\S+\\s+){0,2}${n}`,
      'iu',
    ),
};

function namesRe(terms: string[]): RegExp {
  return new RegExp(`(?<![\\p{L}\\d])(?:${terms.map(escapeRegExp).join('|')})(?![\\p{L}\\d])`, 'iu');
}

/** The company's role in a sentence that names it. */
export function roleOf(sentence: string, terms: string[], language: string): BrandRole {
  const lang = language === 'fr' ? 'fr' : 'en';
  const name = `(?:${terms.map(escapeRegExp).join('|')})`;
  if ((TARGET[lang] as (n: string) => RegExp)(name).test(sentence)) return 'target';
  if ((SPEAKER[lang] as (n: string) => RegExp)(name).test(sentence)) return 'speaker';
  const at = sentence.search(namesRe(terms));
  return at >= 0 && at < sentence.length / 3 ? 'subject' : 'mentioned';
}

/** The part of a sentence that is about the company: the comma- or semicolon-separated pieces naming it. */
function aboutPart(sentence: string, mine: RegExp, others: RegExp | null): string | null {
  if (!others?.test(sentence)) return null;
  const parts = sentence.split(/[,;:]|\s[-–—]\s|\b(?:while|whereas|tandis que|alors que)\b/i);
  const own = parts.filter((p) => mine.test(p));
  return own.length > 0 && own.length < parts.length ? own.join(', ') : null;
}

export interface BrandOptions {
  language: string;
  /** Other companies (competitors): clauses naming them and not the brand do not count. */
  others?: string[];
  /** Scores a piece of a sentence on its own (the offline sentence scorer). */
  rescore?: (text: string) => number;
  prior: number;
  aggregate: (items: { score: number; weight: number }[], prior: number) => { score: number; label: SentimentLabel };
}

/** How the company is treated: its sentences, their roles, and the ones that decided the tone. */
export function brandTreatment(
  scored: (ScoredSentence & { weight?: number })[],
  terms: string[],
  opts: BrandOptions,
): BrandTreatment | null {
  if (terms.length === 0) return null;
  const mine = namesRe(terms);
  const otherTerms = (opts.others ?? []).flatMap((o) => o.split('|').map((t) => t.trim())).filter((t) => t && !mine.test(t));
  const others = otherTerms.length ? namesRe(otherTerms) : null;
  const generic = GENERIC[opts.language === 'fr' ? 'fr' : 'en'] as RegExp;
  const about: BrandSentence[] = [];
  let mentions = 0;
  let lastNamed: 'brand' | 'other' | null = null;
  const weights: number[] = [];
  for (const s of scored) {
    const named = mine.test(s.text);
    if (named) {
      mentions++;
      const role = roleOf(s.text, terms, opts.language);
      const part = aboutPart(s.text, mine, others);
      const score = part !== null && opts.rescore ? opts.rescore(part) : s.score;
      about.push({ text: s.text, score: round(score), role });
      weights.push((s.weight ?? 1) * ROLE_WEIGHT[role]);
    } else if (lastNamed === 'brand' && generic.test(s.text) && !others?.test(s.text)) {
      about.push({ text: s.text, score: round(s.score), role: 'subject' });
      weights.push((s.weight ?? 1) * ROLE_WEIGHT.subject);
    }
    if (named) lastNamed = 'brand';
    else if (others?.test(s.text)) lastNamed = 'other';
  }
  if (about.length === 0) return { mentions: 0, label: 'neutral', score: 0, example: null, sentences: [] };
  const { score, label } = opts.aggregate(
    about.map((s, i) => ({ score: s.score, weight: weights[i] ?? 1 })),
    opts.prior,
  );
  const deciding = about
    .map((s, i) => ({ s, w: Math.abs(s.score) * (weights[i] ?? 1) }))
    .filter(({ s }) => (label === 'mixed' ? Math.abs(s.score) >= 0.2 : s.score * score > 0 && Math.abs(s.score) >= 0.2))
    .sort((a, b) => b.w - a.w)
    .slice(0, 3)
    .map(({ s }) => ({ ...s, text: clip(s.text) }));
  const example = deciding[0]?.text ?? null;
  return { mentions, label, score, example, sentences: deciding };
}

export function clip(text: string): string {
  return text.length <= MAX_QUOTE ? text : `${text.slice(0, MAX_QUOTE - 1).replace(/\s+\S*$/, '')}…`;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function round(v: number): number {
  return Math.round(v * 1000) / 1000;
}
