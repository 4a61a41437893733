import { addUsage, type ChatModel, type Tally } from '../llm/chat.js';
import { contentWords } from './text.js';
import type { Turn } from './types.js';

const FOLLOW_UP_START = /^(and|but|also|so|then|what about|how about|what if|same for|and if|or)\b/i;
const PRONOUN = /\b(it|its|that|this|those|these|they|them|there|he|she|one)\b/i;

/** A follow-up ("and for contractors?") only makes sense with the question before it. */
export function looksLikeFollowUp(question: string): boolean {
  return FOLLOW_UP_START.test(question.trim()) || PRONOUN.test(question) || contentWords(question).length <= 2;
}

const SUBJECT_CHANGE =
  /^\s*(?:and|but|what about|how about|same for|and if|or|what if)\b\s*(?:for|about|with|in|on|if|the|a|an|my|our)?\s*(.*?)[\s?.!]*$/i;

const NEW_QUESTION =
  /^(?:can|could|do|does|did|is|are|was|were|should|will|would|may|might|must|have|has|what|how|when|where|who|why|which|i|we|you)\b/i;

/**
 * A follow-up that keeps the question and changes who or what it is about ("and for contractors?", "what about
 * interns?"): the new subject, which the answer must be about. Undefined for other follow-ups.
 */
export function followUpSubject(question: string, history: Turn[]): string | undefined {
  const previous = [...history].reverse().find((t) => t.role === 'user');
  if (!previous) return undefined;
  const m = SUBJECT_CHANGE.exec(question);
  if (!m?.[1]) return undefined;
  // "and can I carry them over?" asks a new question about the same subject; only a noun phrase changes it.
  if (NEW_QUESTION.test(m[1])) return undefined;
  const words = contentWords(m[1]);
  if (words.length === 0 || words.length > 4) return undefined;
  const before = new Set(contentWords(previous.text));
  const fresh = words.filter((w) => !before.has(w));
  return fresh.length ? m[1].trim() : undefined;
}

/** Offline rewrite: the previous question's words joined to the follow-up, so the search sees both. */
export function heuristicStandalone(question: string, history: Turn[]): string {
  const previous = [...history].reverse().find((t) => t.role === 'user');
  if (!previous || !looksLikeFollowUp(question)) return question;
  return `${previous.text.slice(0, 500)} ${question}`;
}

const REWRITE_PROMPT =
  'Rewrite the last question of the conversation as one standalone question that can be understood without the ' +
  'conversation, in the same language. Reply with the question only. If it already stands alone, repeat it unchanged.';

/** With a model: it rewrites the follow-up; if it fails or rambles, the offline rewrite is used. */
export async function standaloneQuestion(
  question: string,
  history: Turn[],
  model?: ChatModel,
  options: { timeoutMs?: number; tally?: Tally } = {},
): Promise<string> {
  if (history.length === 0 || !looksLikeFollowUp(question)) return question;
  if (!model) return heuristicStandalone(question, history);
  const conversation = history
    .slice(-6)
    .map((t) => `${t.role === 'user' ? 'User' : 'Assistant'}: ${t.text.slice(0, 800)}`)
    .join('\n');
  try {
    const rewritten = await model.complete(
      [
        { role: 'system', content: REWRITE_PROMPT },
        { role: 'user', content: `${conversation}\nUser: ${question}` },
      ],
      { timeoutMs: options.timeoutMs ?? 5000, onUsage: addUsage(options.tally) },
    );
    const line = rewritten.trim().split('\n')[0]?.trim() ?? '';
    return line.length > 3 && line.length < 600 ? line : heuristicStandalone(question, history);
  } catch {
    return heuristicStandalone(question, history);
  }
}

/**
 * The follow-up's own new words ("london", "cap", "contractor"): what the previous question did not say. They
 * decide which sentence answers a follow-up; empty for a first question.
 */
export function followUpFocus(question: string, history: Turn[]): string[] {
  const previous = [...history].reverse().find((t) => t.role === 'user');
  if (!previous) return [];
  const before = new Set(contentWords(previous.text));
  return [...new Set(contentWords(question))].filter((w) => !before.has(w));
}
