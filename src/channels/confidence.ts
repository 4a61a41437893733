import type { Answer } from '../assistant/types.js';
import { terms } from '../retrieval/tokenize.js';

/**
 * Words a question uses for amount, time or manner ("how long", "how much"): a document can answer it without
 * using them, so their absence from the knowledge says nothing about its topic.
 */
const ASKING_TERMS = new Set(
  terms(
    'long much many often soon far quick quickly exactly actually really usually still already possible allowed okay anyone anybody someone somebody everyone thing things stuff way',
  ),
);

/** What the channel rule reads beyond the answer: the cited document's words and how often the knowledge uses a word. */
export interface Evidence {
  /** Stemmed content terms of the whole document at `source` (its title, headings and text). */
  documentTerms(source: string): Promise<Set<string>>;
  /** Passages of the knowledge holding the term (0: the knowledge never uses it). */
  df(term: string): number;
}

/** Why an answer the DM would give is not posted unprompted in a channel. */
export type Doubt = 'not_sure' | 'off_topic' | 'unknown_term';

/** Only a grounded answer with sources counts: "the closest I found", "not found" and small talk stay silent. */
export function isSure(answer: Answer): boolean {
  return answer.state === 'answer' && answer.grounded && answer.citations.length > 0;
}

/**
 * A channel answer is stricter than a DM answer (nobody asked Kiki, and a wrong answer is read by everyone), chosen
 * on the DEV replayed channel (`npm run bench -- channel`):
 * - the answer is sure (`isSure`);
 * - its first source agrees with the question: a content word of the question is in that source's title or heading
 *   (on dev this removed 7 of 8 answers from a wrong document and no right one);
 * - no word of the question is one the knowledge never uses and the cited document lacks ("pizza", "sauna"): the
 *   documents cannot be about it (removed 5 answers to unanswerable questions and chatter, no right one).
 */
export async function channelDoubt(answer: Answer, question: string, evidence: Evidence): Promise<Doubt | undefined> {
  if (!isSure(answer)) return 'not_sure';
  const first = answer.citations[0];
  if (!first) return 'not_sure';
  const asked = new Set(terms(question));
  const heading = new Set(terms(`${first.title} ${first.heading}`));
  if (![...asked].some((t) => heading.has(t))) return 'off_topic';
  const unknown = [...asked].filter((t) => !ASKING_TERMS.has(t) && evidence.df(t) === 0);
  if (unknown.length === 0) return undefined;
  const document = await evidence.documentTerms(first.source);
  return unknown.some((t) => !document.has(t)) ? 'unknown_term' : undefined;
}
