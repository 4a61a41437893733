import { sentences } from './text.js';

// The units of a section of Markdown, as the answer composer reads them: paragraphs (their sentences), lists (their
// items, with the sentence that leads into them) and tables (header and rows), without the marks a reader never sees.

/** A paragraph (its sentences), a list (its items, with the sentence that leads into it) or a table. */
export type Group =
  | { kind: 'para'; sentences: string[] }
  | { kind: 'list'; lead?: string; ordered: boolean; items: string[] }
  | { kind: 'table'; header: string[]; rows: string[][] };

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
