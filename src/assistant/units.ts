import type { DocumentSection } from '../retrieval/types.js';
import { type Group, groups } from './markdown-units.js';

/** A section an answer may be composed from, and what retrieval said about its document and passages. */
export interface SectionRef extends DocumentSection {
  source: string;
  title: string;
  /** Rank of the document among the judged candidates (0: the document of the best passage). */
  docRank: number;
  /** Relevance probability of the document's best passage. */
  docP: number;
  /** Best rank (0 first) of a retrieved passage within this section; -1 when none was retrieved. */
  passageRank: number;
}

/** One quotable unit: a sentence of a paragraph, a list item (with the sentence leading into the list) or a table row. */
export interface Unit {
  section: number;
  groups: Group[];
  group: number;
  index: number;
  kind: 'sentence' | 'item' | 'row';
  /** The unit as its words are matched (a list item with its lead, a row with its header). */
  text: string;
  /** Its place among the section's units (0: the section's lead). */
  position: number;
  /** Units in the section. */
  count: number;
  /** A sentence ending in ":" or pointing "below" with a list or table right after it. */
  introduces: boolean;
}

const POINTS_BELOW = /:\s*$|\b(?:below|as follows|the following|these steps|this process)\b/i;

/** The units of every section, in reading order. */
export function unitsOf(sections: DocumentSection[]): Unit[] {
  const out: Unit[] = [];
  sections.forEach((s, section) => {
    const gs = groups(s.text);
    const mine: Unit[] = [];
    for (const [group, g] of gs.entries()) {
      const nextIsList = gs[group + 1]?.kind === 'list' || gs[group + 1]?.kind === 'table';
      const base = { section, groups: gs, group, position: 0, count: 0 };
      if (g.kind === 'para')
        for (const [index, text] of g.sentences.entries()) {
          const last = index === g.sentences.length - 1;
          mine.push({ ...base, index, kind: 'sentence', text, introduces: last && nextIsList && POINTS_BELOW.test(text) });
        }
      else if (g.kind === 'list')
        for (const [index, text] of g.items.entries())
          mine.push({ ...base, index, kind: 'item', text: `${g.lead ?? ''} ${text}`.trim(), introduces: false });
      else
        for (const [index, row] of g.rows.entries())
          mine.push({
            ...base,
            index,
            kind: 'row',
            text: row.map((c, j) => (g.header[j] ? `${g.header[j]} ${c}` : c)).join(' '),
            introduces: false,
          });
    }
    mine.forEach((u, i) => {
      u.position = i;
      u.count = mine.length;
    });
    out.push(...mine);
  });
  return out;
}
