import type { Passage } from '../retrieval/types.js';
import { type QuestionType, questionType, statesFact } from './question-type.js';
import { clip, contentWords, sentences } from './text.js';

const MAX_QUOTE = 480;
const MAX_LIST_ITEMS = 12;
const MAX_LIST_CHARS = 1400;

/** A paragraph (its sentences), a list (its items, with the sentence that leads into it) or a table. */
export type Group =
  | { kind: 'para'; sentences: string[] }
  | { kind: 'list'; lead?: string; ordered: boolean; items: string[] }
  | { kind: 'table'; header: string[]; rows: string[][] };

interface Candidate {
  group: number;
  index: number;
  text: string;
}

/** Markdown a person should never see in a quote: blockquote markers, admonitions, emphasis marks, HTML. */
export function plainMarkdown(text: string): string {
  return text
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/^[ \t]*(?:>[ \t]?)+/gm, '')
    .replace(/\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*/gi, (_m, kind: string) => `${kind.charAt(0)}${kind.slice(1).toLowerCase()}: `)
    .replace(/\*\*([^*\n]+)\*\*/g, '$1')
    .replace(/(^|[\s(])_([^_\n]+)_(?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(/`([^`\n]+)`/g, '$1');
}

const LIST_ITEM = /^(\s*)(?:(\d+)[.)]|[-*•+])\s+(.*)$/;
const TABLE_ROW = /^\s*\|.*\|\s*$/;
const TABLE_RULE = /^\s*\|?[\s:|-]+\|?\s*$/;

function cells(row: string): string[] {
  return row
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());
}

export function groups(text: string): Group[] {
  const out: Group[] = [];
  let para: string[] = [];
  const flushPara = () => {
    const joined = para.join('\n').trim();
    if (joined) out.push({ kind: 'para', sentences: sentences(joined).filter((s) => !/^#+\s/.test(s)) });
    para = [];
  };
  const lines = plainMarkdown(text).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    if (TABLE_ROW.test(line)) {
      flushPara();
      const rows: string[][] = [];
      while (i < lines.length && TABLE_ROW.test(lines[i] as string)) {
        if (!TABLE_RULE.test(lines[i] as string)) rows.push(cells(lines[i] as string));
        i++;
      }
      i--;
      const hasRule = lines.slice(0, i + 1).some((l) => TABLE_RULE.test(l) && l.includes('-'));
      out.push(
        hasRule && rows.length > 1
          ? { kind: 'table', header: rows[0] as string[], rows: rows.slice(1) }
          : { kind: 'table', header: [], rows },
      );
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item && (item[1] ?? '').length < 2) {
      // A sentence ending in ":" just before the list (maybe after a blank line) leads into it.
      const previous = out.at(-1);
      if (para.length === 0 && previous?.kind === 'para' && /:\s*$/.test(previous.sentences.at(-1) ?? '')) {
        para = [previous.sentences.pop() as string];
        if (previous.sentences.length === 0) out.pop();
      }
      const leadSentences = sentences(para.join('\n'));
      const lead = leadSentences.length && /:\s*$/.test(para.join(' ')) ? leadSentences.pop() : undefined;
      para = [];
      if (leadSentences.length) out.push({ kind: 'para', sentences: leadSentences });
      const items: string[] = [];
      const ordered = Boolean(item[2]);
      while (i < lines.length) {
        const l = lines[i] as string;
        const m = LIST_ITEM.exec(l);
        if (m && (m[1] ?? '').length < 2) items.push((m[3] ?? '').trim());
        else if (l.trim() && /^\s{2,}/.test(l) && items.length) {
          // An indented marker is a sub-item; an indented line without one continues the item it wraps.
          const sub = LIST_ITEM.exec(l);
          items[items.length - 1] += sub ? `\n   - ${(sub[3] ?? '').trim()}` : ` ${l.trim()}`;
        } else break;
        i++;
      }
      i--;
      out.push({ kind: 'list', ...(lead ? { lead } : {}), ordered, items });
      continue;
    }
    if (!line.trim()) flushPara();
    else para.push(line);
  }
  flushPara();
  return out;
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
