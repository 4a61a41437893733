import { dot } from '../retrieval/embedders/types.js';
import { Thesaurus } from '../retrieval/thesaurus.js';
import { terms, words } from '../retrieval/tokenize.js';

/**
 * Matching a new question to the questions of verified answers: same meaning, other words. Both questions
 * become sets of stemmed content terms; a term counts fully when the other question has it and partly when the
 * other has one of its WordNet synonyms. The score is the weighted Dice overlap of the two sets (0..1), so extra
 * topics on either side pull it down. Every constant below was chosen on the development pairs of
 * scripts/eval/verified-pairs.jsonl (scripts/eval-verified.ts); figures in docs/benchmarks.md.
 */
export interface MatcherParams {
  /** Below this score, no verified answer is served. */
  threshold: number;
  /** Credit for a term matched only through a synonym. */
  synonymCredit: number;
  /** WordNet senses followed per word. */
  senses: number;
  /** Weight of a term by how many verified questions hold it: 1 / (1 + idfDamp * log(df)) . */
  idfDamp: number;
  /** Share of the score from the cosine of the two questions' vectors (when an embedder is at hand). */
  vectorWeight: number;
  /** Cosines below this count as 0; the rest is stretched to 0..1. */
  cosineFloor: number;
  /**
   * The score is multiplied by this for each modifier of the verified question ("unpaid" in "unpaid leave"), at
   * least as rare as its head, that the asked question lacks, itself or a synonym: 0 refuses the match, 1 ignores it.
   */
  modifierPenalty: number;
}

export const DEFAULT_MATCHER: MatcherParams = {
  threshold: 0.35,
  synonymCredit: 0.9,
  senses: 2,
  idfDamp: 0,
  vectorWeight: 0.2,
  cosineFloor: 0.2,
  modifierPenalty: 0.5,
};

/** Words that frame a request to Kiki rather than say what it is about. */
const FRAMING = new Set(
  terms(
    'please kiki hi hello hey thanks thank tell know want wanted need needs wondering question ask asking anyone someone somebody let like would could possible way ok okay im ive id',
  ),
);

interface Entry {
  id: string;
  terms: Set<string>;
  /** Synonym terms of its terms, with the credit they earn. */
  synonyms: Map<string, number>;
  /** Noun phrases of its question: the modifiers and the head ("unpaid leave", "gym membership benefit"). */
  phrases: { modifiers: string[]; head: string }[];
  vector?: Float32Array;
}

export interface Match {
  id: string;
  score: number;
}

export class ParaphraseMatcher {
  private readonly entries = new Map<string, Entry>();
  /** term (own or synonym) -> entries holding it, so a question is only scored against plausible candidates. */
  private readonly postings = new Map<string, Set<string>>();
  private readonly df = new Map<string, number>();

  /**
   * `idf`: how telling a term is in the company's documents (e.g. BM25's idf over the indexed chunks), so
   * "sick" weighs more than "take"; without it every content term weighs the same.
   */
  constructor(
    readonly params: MatcherParams = DEFAULT_MATCHER,
    private readonly idf?: (term: string) => number,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  add(id: string, question: string, vector?: Float32Array): void {
    this.remove(id);
    const own = contentTerms(question);
    const entry: Entry = {
      id,
      terms: own,
      synonyms: synonymTerms(question, own, this.params),
      phrases: nounPhrases(question),
      ...(vector ? { vector } : {}),
    };
    this.entries.set(id, entry);
    for (const t of new Set([...own, ...entry.synonyms.keys()])) {
      const set = this.postings.get(t) ?? new Set<string>();
      set.add(id);
      this.postings.set(t, set);
    }
    for (const t of own) this.df.set(t, (this.df.get(t) ?? 0) + 1);
  }

  remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    for (const t of new Set([...entry.terms, ...entry.synonyms.keys()])) this.postings.get(t)?.delete(id);
    for (const t of entry.terms) this.df.set(t, (this.df.get(t) ?? 1) - 1);
  }

  /** The best-scoring entry the asker may see, if it clears the threshold. */
  match(question: string, allowed: (id: string) => boolean = () => true, vector?: Float32Array): Match | undefined {
    const best = this.rank(question, allowed, vector)[0];
    return best && best.score >= this.params.threshold ? best : undefined;
  }

  /** Every candidate with its score, best first (evaluation and `kiki ask --json`). */
  rank(question: string, allowed: (id: string) => boolean = () => true, vector?: Float32Array): Match[] {
    const own = contentTerms(question);
    if (own.size === 0) return [];
    const syn = synonymTerms(question, own, this.params);
    const useVector = Boolean(vector) && this.params.vectorWeight > 0;
    const candidates = new Set<string>();
    if (useVector) for (const id of this.entries.keys()) candidates.add(id);
    else for (const t of [...own, ...syn.keys()]) for (const id of this.postings.get(t) ?? []) candidates.add(id);
    const out: Match[] = [];
    const { vectorWeight: vw, cosineFloor: floor } = this.params;
    for (const id of candidates) {
      if (!allowed(id)) continue;
      const e = this.entries.get(id);
      if (!e) continue;
      const lexical = this.score(own, syn, e);
      if (useVector && vector && e.vector) {
        const cos = Math.max(0, (dot(vector, e.vector) - floor) / (1 - floor));
        out.push({ id, score: (1 - vw) * lexical + vw * cos });
      } else out.push({ id, score: lexical });
    }
    return out.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  }

  private weight(t: string): number {
    const df = this.df.get(t) ?? 0;
    const local = df > 1 ? 1 / (1 + this.params.idfDamp * Math.log(df)) : 1;
    return this.idf ? local * this.idf(t) : local;
  }

  private score(qTerms: Set<string>, qSyn: Map<string, number>, e: Entry): number {
    let matched = 0;
    let total = 0;
    for (const t of qTerms) {
      const w = this.weight(t);
      total += w;
      matched += w * (e.terms.has(t) ? 1 : (e.synonyms.get(t) ?? 0));
    }
    for (const t of e.terms) {
      const w = this.weight(t);
      total += w;
      matched += w * (qTerms.has(t) ? 1 : (qSyn.get(t) ?? 0));
    }
    if (total === 0) return 0;
    // A modifier at least as rare as its head says which one the verified question is about ("unpaid leave"): a
    // question without it, itself or a synonym, asks about another one or about them all ("a month of vacation").
    // A commoner modifier ("laptop password") is more often said in other words ("computer"): left to the overlap.
    const has = (t: string) => qTerms.has(t) || (qSyn.get(t) ?? 0) > 0;
    let penalty = 1;
    for (const { modifiers, head } of e.phrases) {
      const rare = modifiers.some((m) => this.weight(m) >= this.weight(head));
      if (rare && !modifiers.some(has)) penalty *= this.params.modifierPenalty;
    }
    return (penalty * matched) / total;
  }
}

function contentTerms(text: string): Set<string> {
  return new Set(terms(text).filter((t) => !FRAMING.has(t)));
}

/**
 * Noun phrases: adjacent content words, each but the last one WordNet knows as an adjective or a noun and not as
 * a verb, the last as a noun ("unpaid leave", "parental leave", "gym membership benefit"). Without WordNet, none.
 */
function nounPhrases(text: string): { modifiers: string[]; head: string }[] {
  const thesaurus = Thesaurus.open();
  if (!thesaurus) return [];
  const content = (w: string | undefined) => (w === undefined ? undefined : contentTerms(w).values().next().value);
  const ws = words(text);
  const out: { modifiers: string[]; head: string; end: number }[] = [];
  for (let i = 0; i + 1 < ws.length; i++) {
    const [w, h] = [ws[i] ?? '', ws[i + 1] ?? ''];
    if (w.length < 2 || h.length < 2) continue;
    const [mt, ht] = [content(w), content(h)];
    if (mt === undefined || ht === undefined || mt === ht) continue;
    // "how many days" asks for a number; a word that may be a verb ("take sick leave", "book rooms") may take an object.
    if (ws[i - 1] === 'how') continue;
    const pos = thesaurus.partsOfSpeech(w);
    if (pos.includes('verb') || (!pos.includes('adj') && !pos.includes('noun'))) continue;
    if (!thesaurus.partsOfSpeech(h).includes('noun')) continue;
    // "gym membership benefit": one phrase, "gym" and "membership" modifying "benefit".
    const last = out[out.length - 1];
    if (last && last.head === mt && last.end === i) Object.assign(last, { modifiers: [...last.modifiers, mt], head: ht, end: i + 1 });
    else out.push({ modifiers: [mt], head: ht, end: i + 1 });
  }
  return out.map(({ modifiers, head }) => ({ modifiers, head }));
}

/** Stemmed synonym terms of the text's words and two-word phrases (not its own terms), with their credit. */
function synonymTerms(text: string, own: Set<string>, p: MatcherParams): Map<string, number> {
  const out = new Map<string, number>();
  const thesaurus = Thesaurus.open();
  if (!thesaurus || p.synonymCredit <= 0) return out;
  const ws = words(text);
  const phrases = [...ws.slice(1).map((w, i) => `${ws[i]} ${w}`), ...ws.filter((w) => terms(w).length > 0)];
  for (const phrase of phrases) {
    for (const r of thesaurus.related(phrase, { senses: p.senses, derived: true })) {
      const ts = terms(r.lemma).filter((t) => !own.has(t) && !FRAMING.has(t));
      if (ts.length !== 1) continue;
      const credit = p.synonymCredit * Math.min(1, r.strength * 2);
      const t = ts[0];
      if (t === undefined) continue;
      if (credit > (out.get(t) ?? 0)) out.set(t, credit);
    }
  }
  return out;
}
