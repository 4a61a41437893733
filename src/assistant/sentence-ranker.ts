import { terms } from '../retrieval/tokenize.js';
import type { QuestionType } from './question-type.js';
import { statesFact } from './question-type.js';
import { rangeFit } from './ranges.js';
import type { SectionRef, Unit } from './units.js';

/**
 * Which unit of the candidate sections holds what the person asked: a logistic model over features of the
 * unit, its section and its document. Fitted by `npx tsx scripts/tune-sentences.ts` on the development
 * questions only (listwise: per question, the units holding a `must_contain` fact should win; L2 0.1, the
 * out-of-fold figure equal to the in-sample one); the test sets were not used. Figures in docs/benchmarks.md.
 */
export const SENTENCE_FEATURES = [
  'overlap',
  'overlapContext',
  'overlapMass',
  'expansion',
  'heading',
  'focus',
  'fact',
  'factAny',
  'contact',
  'name',
  'introducesSteps',
  'stepItem',
  'range',
  'lead',
  'position',
  'docP',
  'docRank',
  'passage',
  'short',
  'kindItem',
  'kindRow',
] as const;

export type SentenceFeature = (typeof SENTENCE_FEATURES)[number];

export interface SentenceModel {
  weights: Record<SentenceFeature, number>;
  bias: number;
}

export const SENTENCE_MODEL: SentenceModel = {
  weights: {
    overlap: 0.786,
    overlapContext: 1.075,
    overlapMass: 1.527,
    expansion: 0.495,
    heading: 0.642,
    focus: 0.255,
    fact: 0.983,
    factAny: 1.037,
    contact: -0.016,
    name: -0.078,
    introducesSteps: 0.014,
    stepItem: 0.121,
    range: 0.012,
    lead: 0.34,
    position: -0.231,
    docP: 0.511,
    docRank: 0.659,
    passage: 1.465,
    short: -0.212,
    kindItem: 0.09,
    kindRow: 0.035,
  },
  bias: 0,
};

/** What the ranker knows of the question. */
export interface QuestionView {
  words: string[];
  /** The handbook's words for the question's everyday ones (workplace-terms.ts). */
  expansion: string[];
  /** Words of the follow-up's new detail ("london", "contractor"), empty for a first question. */
  focus: string[];
  type: QuestionType;
  /** Amounts the question names ("60k"), matched against the ranges units state. */
  amounts: number[];
}

const ANY_FACT =
  /[$€£]\s?\d|\d[\d,.]*\s?(?:%|days?|weeks?|months?|years?|hours?|k\b)|\b[\w.+-]+@[\w-]+\.[\w.]+|#[a-z0-9][\w-]+|https?:\/\/|\b\d+\b/i;

/** An email address, a Slack channel, a phone number or a link: how a person reaches someone. */
const CONTACT = /\b[\w.+-]+@[\w-]+\.[\w.]+|#[a-z0-9][\w-]+|\+?\d[\d -]{7,}\d|https?:\/\//i;
/** A name inside a sentence (a tool, a system, a team): a capitalised word that does not start it. */
const NAME = /\S\s+(?:[A-Z][a-z]+[A-Z]\w*|[A-Z]{2,}\w*|[A-Z][a-z]{2,})\b/;

function orderedList(u: Unit): boolean {
  const g = u.groups[u.group];
  return g?.kind === 'list' && g.ordered;
}

/** The terms of each unit and of its section's title and headings, computed once per question. */
export interface UnitTerms {
  own: Set<string>;
  heading: Set<string>;
}

export function unitTerms(units: Unit[], sections: SectionRef[]): UnitTerms[] {
  const headings = new Map<number, Set<string>>();
  return units.map((u) => {
    let heading = headings.get(u.section);
    if (!heading) {
      const s = sections[u.section] as SectionRef;
      heading = new Set(terms(`${s.title} ${s.headingPath.join(' ')}`));
      headings.set(u.section, heading);
    }
    return { own: new Set(terms(u.text)), heading };
  });
}

/** Inverse document frequency of each question word over the candidate units: a word in few units says more. */
export function wordWeights(sets: UnitTerms[], words: string[]): Map<string, number> {
  const n = sets.length || 1;
  return new Map([...new Set(words)].map((w) => [w, Math.log(1 + n / (1 + sets.filter((s) => s.own.has(w)).length))]));
}

function share(words: Set<string>, wanted: string[], weight: Map<string, number>): number {
  let total = 0;
  let hit = 0;
  for (const w of new Set(wanted)) {
    const x = weight.get(w) ?? 1;
    total += x;
    if (words.has(w)) hit += x;
  }
  return total ? hit / total : 0;
}

export function sentenceVector(
  u: Unit,
  s: SectionRef,
  q: QuestionView,
  weight: Map<string, number>,
  t: UnitTerms,
  next?: { unit: Unit; own: Set<string> },
): number[] {
  const { own, heading } = t;
  // A sentence reads with the next one; a table row stands alone (the next row is another case).
  const follows = next?.unit.section === u.section && u.kind !== 'row' ? next.own : [];
  const context = new Set([...own, ...heading, ...follows]);
  let mass = 0;
  for (const w of new Set(q.words)) if (own.has(w)) mass += weight.get(w) ?? 1;
  const values: Record<SentenceFeature, number> = {
    overlap: share(own, q.words, weight),
    overlapContext: share(context, q.words, weight),
    overlapMass: Math.min(mass, 10) / 10,
    expansion: q.expansion.length ? share(context, q.expansion, weight) : 0,
    heading: share(heading, q.words, weight),
    focus: q.focus.length ? share(context, q.focus, weight) : 0,
    fact: statesFact(q.type, u.text) ? 1 : 0,
    factAny: ANY_FACT.test(u.text) ? 1 : 0,
    contact: q.type === 'who' && CONTACT.test(u.text) ? 1 : 0,
    name: (q.type === 'who' || q.type === 'other') && NAME.test(u.text) ? 1 : 0,
    introducesSteps: u.introduces && (q.type === 'steps' || q.type === 'other') ? 1 : 0,
    stepItem: q.type === 'steps' && u.kind === 'item' && orderedList(u) ? 1 : 0,
    range: rangeFit(u.text, q.amounts),
    lead: u.position === 0 && u.kind !== 'row' ? 1 : 0,
    position: u.count > 1 ? u.position / (u.count - 1) : 0,
    docP: s.docP,
    docRank: 1 / (s.docRank + 1),
    passage: s.passageRank >= 0 ? 1 / (s.passageRank + 1) : 0,
    short: u.text.length < 40 ? 1 : 0,
    kindItem: u.kind === 'item' ? 1 : 0,
    kindRow: u.kind === 'row' ? 1 : 0,
  };
  return SENTENCE_FEATURES.map((f) => values[f]);
}

/** The ranker's logit for a unit: only differences between units of one question mean something. */
export function sentenceScore(x: number[], model: SentenceModel = SENTENCE_MODEL): number {
  let z = model.bias;
  for (const [i, f] of SENTENCE_FEATURES.entries()) z += model.weights[f] * (x[i] ?? 0);
  return z;
}
