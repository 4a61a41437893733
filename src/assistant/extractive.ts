import type { Passage } from '../retrieval/types.js';
import { clip, contentWords, sentences } from './text.js';

const MAX_QUOTE = 420;

/**
 * The offline answer: the most relevant sentences of each passage, quoted with their document and section
 * and a [n] marker. It says that these are quotes, never more than that.
 */
export function extractiveAnswer(query: string, passages: Passage[], question = query): string {
  const wanted = new Set(contentWords(query));
  // In a follow-up ("and for contractors?") the new words matter most; the rest of the query is context.
  const focus = question === query ? new Set<string>() : new Set(contentWords(question));
  const parts = passages.map((p, i) => {
    const where = p.headingPath.length > 0 ? ` under “${p.headingPath[p.headingPath.length - 1]}”` : '';
    const intro = i === 0 ? `Here is what *${p.title}* says${where}:` : `Also relevant, *${p.title}*${where}:`;
    return `${intro}\n> ${bestQuote(p.text, wanted, focus)} [${i + 1}]`;
  });
  return parts.join('\n\n');
}

/** The best one or two consecutive sentences for the query words, in document order. */
export function bestQuote(text: string, wanted: Set<string>, focus: Set<string> = new Set()): string {
  const list = sentences(text).filter((s) => !/^#+\s/.test(s));
  if (list.length === 0) return clip(text, MAX_QUOTE);
  const score = (s: string) => {
    const words = new Set(contentWords(s));
    return [...words].filter((w) => wanted.has(w)).length + 10 * [...words].filter((w) => focus.has(w)).length;
  };
  let best = 0;
  let bestScore = -1;
  for (let i = 0; i < list.length; i++) {
    const s = score(list[i]!) + (i + 1 < list.length ? score(list[i + 1]!) * 0.5 : 0);
    if (s > bestScore) {
      bestScore = s;
      best = i;
    }
  }
  const quote = [list[best], list[best + 1]].filter(Boolean).join(' ');
  return clip(quote.replace(/^[-*•]\s+/, ''), MAX_QUOTE);
}
