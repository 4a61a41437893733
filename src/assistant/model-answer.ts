import { addUsage, type ChatMessage, type ChatModel, type Tally } from '../llm/chat.js';
import type { Logger } from '../logger.js';
import type { Passage } from '../retrieval/types.js';
import type { Retrieved } from './answer.js';
import { citationsFor, dropInvalidMarkers, NOT_FOUND, StreamingCitationFilter, tidy } from './citations.js';
import { checkGrounding } from './grounding.js';
import { modelRerank } from './model-rerank.js';
import { buildAnswerPrompt } from './prompt.js';
import { estimateTokens, sectionPassages } from './prompt-sections.js';
import { SentenceGate } from './sentence-gate.js';
import type { Answer, Turn } from './types.js';

export const LLM_FAILED_NOTICE = 'The language model did not answer, so this is my offline answer: quotes from the documents.';
export const LLM_UNCITED_NOTICE = 'The language model gave an answer without sources, so here are the quotes from the documents instead.';
export const LLM_UNSUPPORTED_NOTICE =
  'Most of what the language model wrote was not in the documents it cited, so here are the quotes from the documents instead.';

export interface ModelAnswerOptions {
  /** Passages the model is given at most (the top of the relevance order). */
  maxPassages: number;
  /** Prompt size the passages may fill, in tokens (about 4 characters each). */
  maxPromptTokens: number;
  /**
   * The model reorders the candidates before it is given the top ones: one more call, ~2,700 prompt tokens.
   * Off by default: on dev its ceiling (a perfect reranker) raised context recall by 0.04 (handbook) and 0.01
   * (MTRAG) for twice the prompt tokens; docs/benchmarks.md, "Answers with a model".
   */
  rerank: boolean;
  /** Documents whose sections are packed into the prompt first (prompt-sections.ts); the rest is top passages. */
  documents: number;
}

/**
 * Sections of the top 5 documents, then other passages, within 4,000 tokens: on dev the best recall at the old
 * budget for both the facts (0.79, was 0.62) and the right files (0.78, was 0.73); 6,000 tokens add only 0.01–0.03
 * (`npx tsx scripts/tune-prompt.ts`; docs/benchmarks.md, "Answers with a model").
 */
export const DEFAULT_MODEL_OPTIONS: ModelAnswerOptions = { maxPassages: 20, maxPromptTokens: 4000, rerank: false, documents: 5 };

export { estimateTokens };

type Result = Pick<Answer, 'text' | 'grounded' | 'citations' | 'state'> &
  Partial<Pick<Answer, 'closest' | 'notice' | 'tokens' | 'mode' | 'missingSubject'>> & { modelMs?: number };

/** The passages the model sees: the top of the relevance order, one per section, within the token budget. */
export function promptPassages(judged: { passage: Passage }[], options: ModelAnswerOptions): Passage[] {
  const out: Passage[] = [];
  const seen = new Set<string>();
  let budget = options.maxPromptTokens - 600; // the instructions, the question and the history
  for (const { passage } of judged) {
    const key = `${passage.source}#${passage.heading}#${passage.text.slice(0, 80)}`;
    if (seen.has(key)) continue;
    const cost = estimateTokens(passage.text) + 30;
    if (cost > budget) continue;
    seen.add(key);
    out.push(passage);
    budget -= cost;
    if (out.length >= options.maxPassages) break;
  }
  return out;
}

/**
 * With a model, the offline gate does not decide: the model reads the top passages, answers only from them or
 * says NOT_FOUND, and what it wrote is checked sentence by sentence against the passages it cites. A model that
 * fails, cites nothing or is mostly unsupported gives way to the offline answer, with a notice saying so.
 */
export async function modelAnswer(
  chat: ChatModel,
  r: Pick<Retrieved, 'question' | 'query' | 'judged' | 'tokens' | 'sections' | 'focus' | 'language'>,
  history: Turn[],
  logger: Logger,
  options: Partial<ModelAnswerOptions> | undefined,
  onText: ((delta: string) => void) | undefined,
  offline: () => Result,
): Promise<Result> {
  const opts = { ...DEFAULT_MODEL_OPTIONS, ...options };
  const t0 = performance.now();
  // Every call this answer makes is counted: the search queries (in retrieval), the rerank and the answer.
  const spent: Tally = { prompt: r.tokens?.prompt ?? 0, completion: r.tokens?.completion ?? 0 };
  const ordered = opts.rerank && r.judged.length > 1 ? await modelRerank(chat, rerankQuestion(r), r.judged, { tally: spent }) : r.judged;
  // The model's own order wins when it changed something; otherwise the prompt is packed by sections of the top documents.
  const reranked = ordered.some((j, i) => j.passage.id !== r.judged[i]?.passage.id);
  const passages = reranked || r.sections.length === 0 ? promptPassages(ordered, opts) : sectionPassages(r, opts);
  if (passages.length === 0) return { ...offline(), mode: 'offline', ...spentTokens(spent) };
  const messages = buildAnswerPrompt(r.question, passages, history);
  let usage: Tally | undefined;
  try {
    // Each sentence is checked against the passages before it is streamed, as the finished answer is.
    const gate = new SentenceGate(passages, (piece) => onText?.(piece));
    const filter = new StreamingCitationFilter(passages.length, (piece) => gate.push(piece));
    const raw = await chat.complete(messages, {
      onToken: (d) => filter.push(d),
      onUsage: (u) => {
        usage = u;
      },
    });
    filter.end();
    gate.end();
    const modelMs = performance.now() - t0;
    const call = usage ?? { prompt: estimateTokens(messages.map((m) => m.content).join('\n')), completion: estimateTokens(raw) };
    const tokens = { prompt: spent.prompt + call.prompt, completion: spent.completion + call.completion };
    if (raw.trim().startsWith(NOT_FOUND))
      return { text: '', grounded: false, citations: [], state: 'not_found', mode: 'llm', tokens, modelMs };
    const cleaned = tidy(dropInvalidMarkers(raw, passages.length));
    const grounding = checkGrounding(cleaned, passages);
    if (grounding.unsupported > 0) {
      logger.info(
        { unsupported: grounding.unsupported, claims: grounding.claims },
        'model sentences not supported by their passages removed',
      );
    }
    const mostlyUnsupported = grounding.claims > 0 && grounding.unsupported / grounding.claims > 0.5;
    const citations = citationsFor(grounding.text, passages);
    if (mostlyUnsupported) return { ...offline(), mode: 'offline', notice: LLM_UNSUPPORTED_NOTICE, tokens, modelMs };
    if (citations.length === 0) return { ...offline(), mode: 'offline', notice: LLM_UNCITED_NOTICE, tokens, modelMs };
    return { text: grounding.text, grounded: true, citations, state: 'answer', mode: 'llm', tokens, modelMs };
  } catch (error) {
    logger.warn({ err: error, model: chat.name }, 'chat model failed; answering offline');
    return { ...offline(), mode: 'offline', notice: LLM_FAILED_NOTICE, modelMs: performance.now() - t0, ...spentTokens(spent) };
  }
}

/** The question as the reranker reads it: a follow-up or a translated question also shows what was searched. */
function rerankQuestion(r: Pick<Retrieved, 'question' | 'query'>): string {
  return r.query && r.query.toLowerCase() !== r.question.toLowerCase() ? `${r.question}\n(searched as: ${r.query})` : r.question;
}

function spentTokens(spent: Tally): { tokens?: Tally } {
  return spent.prompt || spent.completion ? { tokens: { ...spent } } : {};
}

const QUERIES_PROMPT =
  'You write search queries for an internal document search engine. The documents are in English. Given an ' +
  "employee's question (and the conversation before it), write 3 short search queries in English that would find " +
  'the passages answering it: use the words company documents use (policy names, formal terms), resolve pronouns ' +
  'from the conversation, and translate if the question is in another language. One query per line, nothing else.';

/** Search queries written by the model for the question (in English), or none if it fails. */
export async function modelQueries(
  chat: ChatModel,
  question: string,
  history: Turn[],
  options: { timeoutMs?: number; tally?: Tally } = {},
): Promise<string[]> {
  const conversation = history
    .slice(-4)
    .map((t) => `${t.role === 'user' ? 'Employee' : 'Assistant'}: ${t.text.slice(0, 600)}`)
    .join('\n');
  const messages: ChatMessage[] = [
    { role: 'system', content: QUERIES_PROMPT },
    { role: 'user', content: `${conversation ? `${conversation}\n` : ''}Employee: ${question}` },
  ];
  try {
    const text = await chat.complete(messages, { timeoutMs: options.timeoutMs ?? 5000, onUsage: addUsage(options.tally) });
    return text
      .split('\n')
      .map((l) =>
        l
          .replace(/^\s*(?:\d+[.)]|[-*•])\s*/, '')
          .replace(/^["']|["']$/g, '')
          .trim(),
      )
      .filter((l) => l.length > 2 && l.length < 200 && !l.startsWith(NOT_FOUND))
      .slice(0, 3);
  } catch {
    return [];
  }
}
