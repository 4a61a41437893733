import type { ChatModel } from '../llm/chat.js';
import type { Logger } from '../logger.js';
import type { Passage, Retriever } from '../retrieval/types.js';
import { searchForAudience } from './audience.js';
import { citationsFor, dropInvalidMarkers, NOT_FOUND, StreamingCitationFilter, tidy } from './citations.js';
import { DEFAULT_THRESHOLDS, type EvidenceThresholds, thresholdsFor, usablePassages } from './evidence.js';
import { extractiveAnswer } from './extractive.js';
import { soundsFrustrated } from './intent.js';
import { buildAnswerPrompt } from './prompt.js';
import { standaloneQuestion } from './standalone.js';
import type { Answer, AskInput, Citation, Turn } from './types.js';

export const MAX_QUESTION_CHARS = 2000;
const HISTORY_TURNS = 6;
const HISTORY_CHARS = 1500;

export const LLM_FAILED_NOTICE = 'The language model did not answer, so this is my offline answer: quotes from the documents.';
export const LLM_UNCITED_NOTICE = 'The language model gave an answer without sources, so here are the quotes from the documents instead.';

export interface AssistantOptions {
  retriever: Retriever;
  chat?: ChatModel;
  logger: Logger;
  thresholds?: EvidenceThresholds;
  /** Passages searched per question. */
  k?: number;
  /** Size of the index searched, to scale the BM25 threshold (see thresholdsFor). */
  indexSize?: () => number | undefined;
}

/**
 * The one answer pipeline every surface and the CLI use: a follow-up becomes a standalone query, retrieval
 * runs with the asker's access, and the answer is either grounded with checked [n] citations or an honest
 * "not found".
 */
export class AnswerService {
  private readonly thresholds: EvidenceThresholds;

  constructor(private readonly options: AssistantOptions) {
    this.thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  }

  get mode(): 'offline' | 'llm' {
    return this.options.chat ? 'llm' : 'offline';
  }

  async answer(input: AskInput): Promise<Answer> {
    const started = performance.now();
    const question = input.question.trim().slice(0, MAX_QUESTION_CHARS);
    const history = boundHistory(input.history ?? []);
    const query = await standaloneQuestion(question, history, this.options.chat);
    const t0 = performance.now();
    const { passages: found, withheld } = await searchForAudience(
      this.options.retriever,
      query,
      input.asker,
      this.options.k ?? 6,
      input.audience,
    );
    const retrievalMs = performance.now() - t0;
    const passages = usablePassages(found, thresholdsFor(this.options.indexSize?.(), this.thresholds), this.options.chat ? 5 : 3);
    const base = {
      question,
      query,
      frustrated: soundsFrustrated(question),
      owners: owners(passages.length ? passages : []),
      ...(withheld ? { withheld } : {}),
    };
    const done = (rest: Pick<Answer, 'text' | 'grounded' | 'mode' | 'citations'> & { notice?: string }): Answer => ({
      ...base,
      ...rest,
      ...(rest.citations.length ? { owners: ownersOfCitations(rest.citations, base.owners) } : {}),
      timings: { retrievalMs, totalMs: performance.now() - started },
    });

    if (passages.length === 0) return done({ text: '', grounded: false, mode: this.mode, citations: [] });
    if (!this.options.chat) return done(this.offline(query, passages, question));
    try {
      const llm = await this.generate(this.options.chat, question, passages, history, input.onText);
      if (llm === 'not_found') return done({ text: '', grounded: false, mode: 'llm', citations: [] });
      if (llm.citations.length === 0) return done({ ...this.offline(query, passages, question), notice: LLM_UNCITED_NOTICE });
      return done({ text: llm.text, grounded: true, mode: 'llm', citations: llm.citations });
    } catch (error) {
      this.options.logger.warn({ err: error, model: this.options.chat.name }, 'chat model failed; answering offline');
      return done({ ...this.offline(query, passages, question), notice: LLM_FAILED_NOTICE });
    }
  }

  private offline(query: string, passages: Passage[], question: string): Pick<Answer, 'text' | 'grounded' | 'mode' | 'citations'> {
    const text = extractiveAnswer(query, passages, question);
    return { text, grounded: true, mode: 'offline', citations: citationsFor(text, passages) };
  }

  private async generate(
    chat: ChatModel,
    question: string,
    passages: Passage[],
    history: Turn[],
    onText?: (delta: string) => void,
  ): Promise<{ text: string; citations: Citation[] } | 'not_found'> {
    const filter = new StreamingCitationFilter(passages.length, (piece) => onText?.(piece));
    const raw = await chat.complete(buildAnswerPrompt(question, passages, history), { onToken: (d) => filter.push(d) });
    filter.end();
    if (raw.trim().startsWith(NOT_FOUND)) return 'not_found';
    const text = tidy(dropInvalidMarkers(raw, passages.length));
    return { text, citations: citationsFor(text, passages) };
  }
}

function boundHistory(history: Turn[]): Turn[] {
  return history.slice(-HISTORY_TURNS).map((t) => ({ role: t.role, text: t.text.slice(0, HISTORY_CHARS) }));
}

function owners(passages: Passage[]): string[] {
  return [...new Set(passages.map((p) => p.owner).filter((o): o is string => Boolean(o)))];
}

function ownersOfCitations(citations: Citation[], others: string[]): string[] {
  return [...new Set([...citations.map((c) => c.owner).filter((o): o is string => Boolean(o)), ...others])];
}
