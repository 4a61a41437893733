import type { ChatModel, Tally } from '../llm/chat.js';
import type { Logger } from '../logger.js';
import { byScore, reciprocalRankFusion } from '../retrieval/stages/fusion.js';
import { terms } from '../retrieval/tokenize.js';
import type { Asker, Passage, Retriever } from '../retrieval/types.js';
import { type Audience, searchForAudience } from './audience.js';
import { citationsFor } from './citations.js';
import { candidateSections, compose, DOCUMENTS, rankUnits } from './compose.js';
import { classifyTurn, soundsFrustrated, type TurnKind, withoutMood } from './intent.js';
import { englishQuery, type Language, questionLanguage, reply } from './language.js';
import { DEFAULT_MODEL_OPTIONS, type ModelAnswerOptions, modelAnswer, modelQueries } from './model-answer.js';
import { questionType } from './question-type.js';
import { type AnswerabilityModel, answerability, type Judged, judge } from './relevance.js';
import { followUpFocus, followUpSubject, standaloneQuestion } from './standalone.js';
import { ANSWER_STATES, type AnswerStates } from './states.js';
import type { Answer, AskInput, Citation, LiveCandidates, Turn } from './types.js';
import type { SectionRef } from './units.js';
import { handbookTerms, placeTerms } from './workplace-terms.js';

export const MAX_QUESTION_CHARS = 2000;
const HISTORY_TURNS = 6;
const HISTORY_CHARS = 1500;
/** Passages retrieval hands to the relevance model; the answer is chosen among them. */
const CANDIDATES = 20;

export { LLM_FAILED_NOTICE, LLM_UNCITED_NOTICE, LLM_UNSUPPORTED_NOTICE } from './model-answer.js';

export interface AssistantOptions {
  retriever: Retriever;
  chat?: ChatModel;
  logger: Logger;
  states?: AnswerStates;
  /** Passages searched per question. */
  k?: number;
  /** With a model: how many passages, and how many prompt tokens, it may be given. */
  model?: Partial<ModelAnswerOptions>;
}

/** What retrieval found for a question and how the relevance model judged it (the evaluation reads this too). */
export interface Retrieved {
  question: string;
  /** The standalone English query searched. */
  query: string;
  language: Language;
  /** A follow-up's new subject ("contractors"), which the answer must be about. */
  subject?: string;
  /** The follow-up's own new words, which decide the sentence quoted (empty for a first question). */
  focus: string[];
  /** The thread so far: what it already said is not quoted again. */
  history: Turn[];
  /** Every section of the top documents, which the offline answer is composed from. */
  sections: SectionRef[];
  /** Retrieval's candidates, in its order. */
  found: Passage[];
  /** Distinct search terms of the query (a feature of the relevance model). */
  queryTerms: number;
  judged: Judged[];
  retrievalMs: number;
  /** Tokens the model spent rewriting a follow-up and writing search queries, when one did. */
  tokens?: Tally;
  /** Passages the asker may read but the audience of the reply may not, left out. */
  withheld: number;
}

/**
 * The one answer pipeline every surface and the CLI use. A message that is not a question gets a short reply;
 * a follow-up becomes a standalone query; retrieval runs with the asker's access; a relevance model judges the
 * candidates; the reply is a grounded answer with checked [n] citations, "the closest I found", or an honest
 * "not found". With a model, the model judges the top passages itself and its answer is checked against them.
 */
export class AnswerService {
  private readonly states: AnswerStates;

  constructor(private readonly options: AssistantOptions) {
    this.states = options.states ?? ANSWER_STATES;
  }

  get mode(): 'offline' | 'llm' {
    return this.options.chat ? 'llm' : 'offline';
  }

  async answer(input: AskInput): Promise<Answer> {
    const started = performance.now();
    const question = input.question.trim().slice(0, MAX_QUESTION_CHARS);
    const history = boundHistory(input.history ?? []);
    const language = questionLanguage(question);
    const chat = input.withoutModel ? undefined : this.options.chat;
    const base = { question, language, frustrated: soundsFrustrated(question), mode: chat ? 'llm' : 'offline' } as const;
    const kind = classifyTurn(question);
    if (kind !== 'question') {
      return {
        ...base,
        query: question,
        ...chatReply(kind, language, history),
        timings: { retrievalMs: 0, totalMs: performance.now() - started },
      };
    }
    const r = await this.retrieve(question, history, input.asker, language, input.audience, chat, input.liveCandidates);
    const finish = (
      rest: Omit<Answer, 'question' | 'language' | 'frustrated' | 'mode' | 'query' | 'owners' | 'timings'> & {
        mode?: Answer['mode'];
        modelMs?: number;
      },
    ): Answer => {
      const { modelMs, ...fields } = rest;
      return {
        ...base,
        query: r.query,
        ...(r.withheld ? { withheld: r.withheld } : {}),
        owners: owners(
          rest.citations.length ? rest.citations : (rest.closest ?? []),
          r.judged.map((j) => j.passage),
        ),
        ...fields,
        timings: { retrievalMs: r.retrievalMs, totalMs: performance.now() - started, ...(modelMs !== undefined ? { modelMs } : {}) },
      };
    };
    const offline = () => this.offline(r);
    if (!chat) return finish(offline());
    const m = await modelAnswer(chat, r, history, this.options.logger, this.options.model, input.onText, offline);
    return finish(m);
  }

  /** Query, candidates and their judgement: the part of the pipeline the answer is chosen from. */
  async retrieve(
    question: string,
    history: Turn[],
    asker: Asker,
    language = questionLanguage(question),
    audience?: Audience,
    chat: ChatModel | undefined = this.options.chat,
    live?: LiveCandidates,
  ): Promise<Retrieved> {
    const tokens: Tally = { prompt: 0, completion: 0 };
    const standalone = await standaloneQuestion(question, history, chat, { tally: tokens });
    const subject = followUpSubject(question, history);
    const query = withoutMood(englishQuery(standalone, language));
    const t0 = performance.now();
    const k = this.options.k ?? CANDIDATES;
    let withheld = 0;
    const search = async (q: string) => {
      const r = await searchForAudience(this.options.retriever, q, asker, k, audience, { expansion: handbookTerms(q) });
      withheld = Math.max(withheld, r.withheld);
      return r.passages;
    };
    const fromLive = this.live(live, query);
    let found = await search(query);
    if (chat) {
      // The model writes further queries in the documents' words and language; their hits join by rank fusion.
      const extra = await modelQueries(chat, question, history, { tally: tokens });
      if (extra.length) found = fuse([found, ...(await Promise.all(extra.map(search)))], k);
    }
    // Live candidates (Slack messages) join by rank fusion, after the documents of the same rank; nothing is kept.
    const liveFound = await fromLive;
    if (liveFound.length) found = fuse([found, liveFound], k + liveFound.length);
    const retrievalMs = performance.now() - t0;
    const queryTerms = new Set(terms(query)).size;
    const judged = judge(found, queryTerms);
    const sectionsOf = this.options.retriever.sections?.bind(this.options.retriever);
    // With a model, the prompt may be packed from more documents than the offline answer is composed from.
    const documents = this.options.chat ? Math.max(DOCUMENTS, this.options.model?.documents ?? DEFAULT_MODEL_OPTIONS.documents) : DOCUMENTS;
    const sections = await candidateSections({
      judged,
      documents,
      ...(sectionsOf ? { sectionsOf: (source: string) => sectionsOf(source, asker) } : {}),
    });
    return {
      question,
      query,
      language,
      ...(subject ? { subject } : {}),
      focus: followUpFocus(englishQuery(question, language), history),
      history,
      sections,
      found,
      queryTerms,
      judged,
      retrievalMs,
      withheld,
      ...(tokens.prompt || tokens.completion ? { tokens } : {}),
    };
  }

  /** The live provider's passages for the query, searched while the documents are; a failure is no passages. */
  private async live(live: LiveCandidates | undefined, query: string): Promise<Passage[]> {
    if (!live) return [];
    return live(query).catch((error: unknown) => {
      this.options.logger.warn({ err: error }, 'live candidates failed; answering from the documents alone');
      return [];
    });
  }

  /** The offline decision: confident enough to quote, close enough to point at, or not found. */
  offline(
    r: Retrieved,
    states: AnswerStates = this.states,
    model?: AnswerabilityModel,
  ): Pick<Answer, 'text' | 'grounded' | 'citations' | 'state' | 'closest' | 'missingSubject'> {
    let judged = r.judged;
    if (r.subject) {
      const subjectTerms = terms(`${r.subject} ${placeTerms(r.subject)}`);
      judged = judged.filter((j) => mentions(j.passage, subjectTerms));
      if (judged.length === 0 || answerability(judged, r.queryTerms, model) < states.closest) {
        return { text: '', grounded: false, citations: [], state: 'not_found', missingSubject: r.subject };
      }
    }
    const best = judged[0];
    const sure = best ? answerability(judged, r.queryTerms, model) : 0;
    if (!best || sure < states.closest) return { text: '', grounded: false, citations: [], state: 'not_found' };
    const sources = new Set([...new Set(judged.map((j) => j.passage.source))].slice(0, DOCUMENTS));
    const input = {
      query: r.query,
      type: questionType(r.language === 'en' ? r.question : r.query),
      focus: r.subject ? [...r.focus, ...terms(r.subject)] : r.focus,
      history: r.history,
      judged,
    };
    const confident = sure >= states.answer;
    const composed = compose(
      input,
      rankUnits(
        input,
        r.sections.filter((s) => sources.has(s.source)),
      ),
    );
    if (!composed) return { text: '', grounded: false, citations: [], state: 'not_found' };
    const text = r.language === 'en' ? composed.text : `${reply(r.language, 'englishOnly')}\n\n${composed.text}`;
    const citations = citationsFor(text, composed.passages);
    // Unsure: the best excerpt, framed as possibly not answering, with the nearest sections and a person first.
    if (!confident)
      return { text, grounded: false, citations: [], state: 'closest', closest: nearestSections(judged, states.closest, citations[0]) };
    return { text, grounded: true, citations, state: 'answer' };
  }
}

function chatReply(
  kind: Exclude<TurnKind, 'question'>,
  language: Language,
  history: Turn[],
): Pick<Answer, 'text' | 'grounded' | 'citations' | 'state' | 'owners'> {
  const key = kind === 'thanks' ? 'thanks' : kind === 'greeting' ? 'greeting' : history.length ? 'complaint' : 'greeting';
  return { text: reply(language, key), grounded: false, citations: [], state: 'chat', owners: [] };
}

/** The passage, its title or its headings mention one of the terms. */
function mentions(p: Passage, subjectTerms: string[]): boolean {
  if (subjectTerms.length === 0) return true;
  const have = new Set(terms(`${p.title} ${p.heading} ${p.text}`));
  return subjectTerms.some((t) => have.has(t));
}

/** Up to three sections worth a look, one per document, most likely first (the excerpt's section leads). */
function nearestSections(judged: Judged[], floor: number, excerpt?: Citation): Citation[] {
  const seen = new Set<string>(excerpt ? [excerpt.source] : []);
  const out: Citation[] = excerpt ? [{ ...excerpt, n: 1 }] : [];
  for (const j of judged) {
    if (j.p < floor * 0.1 || seen.has(j.passage.source)) continue;
    seen.add(j.passage.source);
    const p = j.passage;
    out.push({
      n: out.length + 1,
      source: p.source,
      title: p.title,
      heading: p.heading,
      ...(p.url ? { url: p.url } : {}),
      ...(p.owner ? { owner: p.owner } : {}),
    });
    if (out.length === 3) break;
  }
  return out;
}

/** Reciprocal rank fusion of several result lists (the first, the asker's own query, votes more and wins ties). */
function fuse(lists: Passage[][], k: number): Passage[] {
  const byId = new Map<string, Passage>();
  for (const p of lists.flat()) if (!byId.has(p.id)) byId.set(p.id, p);
  const fused = reciprocalRankFusion(
    lists.map((list, i) => ({ ids: list.map((p) => p.id), weight: i === 0 ? 1 : 0.8 })),
    60,
  );
  const top = byScore(fused).slice(0, k);
  const best = top[0]?.[1] || 1;
  return top.flatMap(([id, s]) => {
    const p = byId.get(id);
    return p ? [{ ...p, score: s / best }] : [];
  });
}

function boundHistory(history: Turn[]): Turn[] {
  return history.slice(-HISTORY_TURNS).map((t) => ({ role: t.role, text: t.text.slice(0, HISTORY_CHARS) }));
}

/** Owners of what the reply points at first, then of the other candidates, for routing a hand-off. */
function owners(pointed: Citation[], candidates: Passage[]): string[] {
  return [
    ...new Set([...pointed.map((c) => c.owner), ...candidates.slice(0, 3).map((p) => p.owner)].filter((o): o is string => Boolean(o))),
  ];
}
