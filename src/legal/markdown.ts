import { AlignmentType, Document, Footer, Header, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { LibraryClause, MarkdownTemplate, Values } from './types.js';

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;
const CLAUSE_MARKER = /^\{clause:([A-Za-z0-9._-]+)\}\s*$/gm;

/** The template text with the chosen clauses in place and the others removed; placeholders still in it. */
export function assemble(t: MarkdownTemplate, library: Map<string, LibraryClause>, clauses: string[]): string {
  return t.body
    .replace(CLAUSE_MARKER, (_, id: string) => (clauses.includes(id) ? (library.get(id)?.body ?? '') : '\uE000'))
    .replace(/\n*\uE000\n*/g, '\n\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Markdown characters in a value are escaped so a value never restyles the preview. */
export function escapeMarkdown(s: string): string {
  return s.replace(/([\\`*_[\]{}#|<>~])/g, '\\$1');
}

export function fillText(text: string, values: Values, blank: string, escapeValue: (s: string) => string = (s) => s): string {
  return text.replace(PLACEHOLDER, (_, name: string) => {
    const v = values[name];
    return v === undefined || v === '' ? blank : escapeValue(v);
  });
}

export interface Extra {
  heading: string;
  paragraphs: string[];
}

export function markdownPreview(notice: string, assembled: string, values: Values, blank: string, extra?: Extra): string {
  const lines = [`**${notice}**`, '', fillText(assembled, values, blank, (v) => escapeMarkdown(v).replace(/\n/g, '  \n'))];
  if (extra) lines.push('', `## ${extra.heading}`, '', ...extra.paragraphs.flatMap((p) => [escapeMarkdown(p), '']));
  return `${lines.join('\n').trim()}\n`;
}

/**
 * A small Markdown subset to Word: headings, paragraphs, bullet and numbered lines, **bold** and _italic_.
 * Inline markup is read from the template only; values are substituted into the runs afterwards, so a
 * value can never add formatting or structure.
 */
export async function markdownToDocx(opts: {
  notice: string;
  title: string;
  assembled: string;
  values: Values;
  blank: string;
  extra?: Extra;
}): Promise<Buffer> {
  const children: Paragraph[] = [
    new Paragraph({ children: [new TextRun({ text: opts.notice, bold: true, color: 'C00000' })], alignment: AlignmentType.CENTER }),
  ];
  for (const block of opts.assembled.split(/\n\s*\n/)) {
    const text = block.trim();
    if (!text) continue;
    const heading = /^(#{1,4})\s+(.*)$/s.exec(text);
    if (heading) {
      const level = (heading[1] as string).length;
      const levels = [HeadingLevel.TITLE, HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3];
      children.push(
        new Paragraph({
          heading: levels[level - 1] ?? HeadingLevel.HEADING_3,
          children: runs(heading[2] as string, opts.values, opts.blank),
        }),
      );
      continue;
    }
    const lines = text.split('\n');
    if (lines.every((l) => /^\s*([-*]|\d+\.)\s+/.test(l))) {
      for (const l of lines) {
        const bullet = /^\s*[-*]\s+(.*)$/.exec(l);
        children.push(
          bullet
            ? new Paragraph({ bullet: { level: 0 }, children: runs(bullet[1] as string, opts.values, opts.blank) })
            : new Paragraph({ indent: { left: 360 }, children: runs(l.trim(), opts.values, opts.blank) }),
        );
      }
      continue;
    }
    children.push(new Paragraph({ spacing: { after: 160 }, children: runs(lines.join(' '), opts.values, opts.blank) }));
  }
  if (opts.extra) {
    children.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(opts.extra.heading)] }));
    for (const p of opts.extra.paragraphs) children.push(new Paragraph({ spacing: { after: 160 }, children: [new TextRun(p)] }));
  }
  const doc = new Document({
    creator: 'Kiki',
    title: opts.title,
    description: opts.notice,
    sections: [
      {
        headers: {
          default: new Header({
            children: [new Paragraph({ children: [new TextRun({ text: opts.notice, bold: true, color: 'C00000' })] })],
          }),
        },
        footers: { default: new Footer({ children: [new Paragraph({ children: [new TextRun({ text: opts.title, size: 16 })] })] }) },
        children,
      },
    ],
  });
  return Packer.toBuffer(doc);
}

function runs(template: string, values: Values, blank: string): TextRun[] {
  // Placeholders become opaque tokens first, so underscores in field names are never read as italics.
  const names: string[] = [];
  const text = template.replace(PLACEHOLDER, (_, name: string) => `\uE000${names.push(name) - 1}\uE001`);
  const out: TextRun[] = [];
  const re = /\*\*(.+?)\*\*|(?<![\w\\_])_([^_\s](?:[^_]*[^_\s])?)_(?![\w_])/g;
  let last = 0;
  const push = (s: string, style: { bold?: boolean; italics?: boolean } = {}) => {
    if (!s) return;
    const filled = s.replace(/\\([\\`*_[\]{}#|<>~])/g, '$1').replace(/\uE000(\d+)\uE001/g, (_, i: string) => {
      const v = values[names[Number(i)] as string];
      return v === undefined || v === '' ? blank : v;
    });
    filled.split('\n').forEach((part, i) => {
      out.push(new TextRun({ text: part, ...style, ...(i > 0 ? { break: 1 } : {}) }));
    });
  };
  for (const m of text.matchAll(re)) {
    push(text.slice(last, m.index));
    if (m[1] !== undefined) push(m[1], { bold: true });
    else push(m[2] as string, { italics: true });
    last = (m.index ?? 0) + m[0].length;
  }
  push(text.slice(last));
  return out;
}
