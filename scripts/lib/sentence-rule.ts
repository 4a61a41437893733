// The offline answer's sentence choice before issue 20 (one unit of the best passage: lexical overlap plus a bonus
// for the asked-for kind of fact), kept only as the baseline scripts/tune-sentences.ts compares the ranker with.

import { type Group, groups, plainMarkdown } from '../../src/assistant/markdown-units.js';
import { type QuestionType, questionType, statesFact } from '../../src/assistant/question-type.js';
import { clip, contentWords } from '../../src/assistant/text.js';
import type { Passage } from '../../src/retrieval/types.js';

const MAX_QUOTE = 480;
const MAX_LIST_ITEMS = 12;
const MAX_LIST_CHARS = 1400;

interface Candidate {
  group: number;
  index: number;
  text: string;
}

function candidatesOf(gs: Group[]): Candidate[] {
  const out: Candidate[] = [];
  for (const [group, g] of gs.entries()) {
    if (g.kind === 'para') for (const [index, text] of g.sentences.entries()) out.push({ group, index, text });
    else if (g.kind === 'list') for (const [index, text] of g.items.entries()) out.push({ group, index, text: `${g.lead ?? ''} ${text}` });
    else
      for (const [index, row] of g.rows.entries())
        out.push({ group, index, text: row.map((c, j) => (g.header[j] ? `${g.header[j]} ${c}` : c)).join(' ') });
  }
  return out;
}

/**
 * The unit of the passage that best answers the question: lexical overlap with the query (a word found in few
 * units says more than one found everywhere) plus a bonus when it states the kind of fact asked for.
 */
function choose(cands: Candidate[], wanted: Set<string>, focus: Set<string>, type: QuestionType): Candidate | undefined {
  const words = cands.map((c) => new Set(contentWords(c.text)));
  const df = new Map<string, number>();
  for (const w of [...wanted, ...focus]) df.set(w, words.filter((set) => set.has(w)).length || 1);
  const lexical = cands.map((_c, i) => {
    let total = 0;
    for (const w of words[i] as Set<string>) {
      if (wanted.has(w)) total += 1 / (df.get(w) ?? 1);
      if (focus.has(w)) total += 10 / (df.get(w) ?? 1);
    }
    return total;
  });
  const top = Math.max(0, ...lexical);
  let best: Candidate | undefined;
  let bestScore = -1;
  cands.forEach((c, i) => {
    const next = cands[i + 1]?.group === c.group ? (lexical[i + 1] ?? 0) : 0;
    const bonus = statesFact(type, c.text) ? FACT_BONUS * Math.max(top, 1) : 0;
    const s = (lexical[i] ?? 0) + 0.3 * next + bonus;
    if (s > bestScore) {
      bestScore = s;
      best = c;
    }
  });
  return best;
}

/** Weight of "states the asked-for kind of fact", relative to the best lexical score (chosen on dev). */
const FACT_BONUS = 1.2;

function quoteLines(text: string): string {
  return text
    .split('\n')
    .map((l) => `> ${l}`)
    .join('\n');
}

/** The chosen unit as a person should read it: a sentence and the next, a whole procedure, a table row under its header. */
function render(gs: Group[], c: Candidate, type: QuestionType): string {
  const g = gs[c.group] as Group;
  if (g.kind === 'table') {
    const row = g.rows[c.index] as string[];
    if (g.header.length === 0) return clip(row.join(' · '), MAX_QUOTE);
    return row.map((cell, j) => `- ${g.header[j] ? `${g.header[j]}: ` : ''}${cell}`).join('\n');
  }
  if (g.kind === 'list') {
    const whole = type === 'steps' || g.ordered || g.items.length <= 6;
    const marker = (i: number) => (g.ordered ? `${i + 1}.` : '-');
    if (!whole) return clip(`${g.lead ? `${g.lead} ` : ''}${g.items[c.index]}`, MAX_QUOTE);
    const lines: string[] = g.lead ? [g.lead] : [];
    let used = 0;
    for (const [i, item] of g.items.slice(0, MAX_LIST_ITEMS).entries()) {
      used += item.length;
      if (used > MAX_LIST_CHARS && i > 0) {
        lines.push('…');
        break;
      }
      lines.push(`${marker(i)} ${item}`);
    }
    if (g.items.length > MAX_LIST_ITEMS) lines.push('…');
    return lines.join('\n');
  }
  const chosen = g.sentences[c.index] as string;
  const next = g.sentences[c.index + 1];
  // A sentence ending in ":" introduces the list that follows it.
  const following = gs[c.group + 1];
  if (/:\s*$/.test(chosen) && following?.kind === 'list') return render(gs, { group: c.group + 1, index: 0, text: '' }, 'steps');
  return clip(next && chosen.length + next.length < MAX_QUOTE ? `${chosen} ${next}` : chosen, MAX_QUOTE);
}

/** The best quote of one passage for the question: the fact first, then its context. */
export function bestQuote(passage: Pick<Passage, 'text' | 'section'>, query: string, question = query, focusWords: string[] = []): string {
  const gs = groups(passage.section ?? passage.text);
  const cands = candidatesOf(gs);
  if (cands.length === 0) return clip(plainMarkdown(passage.text), MAX_QUOTE);
  const type = questionType(question);
  const chosen = choose(cands, new Set(contentWords(query)), new Set(focusWords.flatMap((w) => contentWords(w))), type);
  return chosen ? render(gs, chosen, type) : clip(plainMarkdown(passage.text), MAX_QUOTE);
}

/**
 * The offline answer: the quote that answers, marked as a quote, with its [n] marker and where it comes from.
 * It never says more than the documents do.
 */
export function extractiveAnswer(query: string, passages: Passage[], question = query, focusWords: string[] = []): string {
  return passages
    .map((p, i) => {
      const where = p.headingPath.length > 0 ? ` › ${p.headingPath[p.headingPath.length - 1]}` : '';
      return `${quoteLines(`${bestQuote(p, query, question, focusWords)} [${i + 1}]`)}\n_From *${p.title}*${where}_`;
    })
    .join('\n\n');
}
