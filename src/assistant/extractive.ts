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

/**
 * The best one or two consecutive sentences for the query words, in document order. A word found in few
 * sentences of the passage ("Germany") says more than one found everywhere ("per diem"). A table row is
 * quoted alone, under its header row.
 */
export function bestQuote(text: string, wanted: Set<string>, focus: Set<string> = new Set()): string {
  const list = sentences(text).filter((s) => !/^#+\s/.test(s) && !/^\|?[\s:|-]+\|?$/.test(s));
  if (list.length === 0) return clip(text, MAX_QUOTE);
  const words = list.map((s) => new Set(contentWords(s)));
  const df = new Map<string, number>();
  for (const w of [...wanted, ...focus]) df.set(w, words.filter((set) => set.has(w)).length || 1);
  const score = (i: number) => {
    const set = words[i];
    if (!set) return 0;
    let total = 0;
    for (const w of set) {
      if (wanted.has(w)) total += 1 / (df.get(w) ?? 1);
      if (focus.has(w)) total += 10 / (df.get(w) ?? 1);
    }
    return total;
  };
  let best = 0;
  let bestScore = -1;
  for (let i = 0; i < list.length; i++) {
    const s = score(i) + score(i + 1) * 0.3;
    if (s > bestScore) {
      bestScore = s;
      best = i;
    }
  }
  const chosen = list[best] as string;
  if (chosen.startsWith('|')) {
    const header = list.slice(0, best).find((s) => s.startsWith('|'));
    return clip([header && header !== chosen ? header : undefined, chosen].filter(Boolean).join(' '), MAX_QUOTE);
  }
  const next = list[best + 1];
  return clip([chosen, next && !next.startsWith('|') ? next : undefined].filter(Boolean).join(' '), MAX_QUOTE);
}
