import type { Element as XElement } from '@xmldom/xmldom';
import { conditionHolds } from './fields.js';
import { elements, paragraphText, replaceTextRange, W_NS } from './ooxml.js';
import type { SelectionGroup, Values } from './types.js';

const OPTION_PREFIX = /^\s*(\(\s*[xX]?\s*\)|\[\s*[xX]?\s*\]|[\u2610\u2611\u2612])/;

const normalise = (s: string) => s.replace(/\u00a0/g, ' ').replace(/\s+/g, ' ');

/**
 * Applies selections.json groups to one parsed part: in each group the options whose trigger holds are
 * kept and marked "[ x ]", the others are removed with the sub-paragraphs that follow them in the same
 * table cell. Radio groups keep the first option that fires, else the default. Returns the ids of groups
 * it found, so the caller can warn about groups whose markers are nowhere in the document.
 */
export function applySelections(
  doc: { getElementsByTagNameNS(ns: string, n: string): ArrayLike<XElement> },
  groups: SelectionGroup[],
  values: Values,
): Set<string> {
  const found = new Set<string>();
  const paragraphs = elements(doc, 'p');
  const texts = new Map(paragraphs.map((p) => [p, normalise(paragraphText(p))]));
  for (const group of groups) {
    const matches: { p: XElement; option: number }[] = [];
    group.options.forEach((option, i) => {
      const marker = normalise(option.marker);
      const p = paragraphs.find((x) => {
        const t = texts.get(x) ?? '';
        return OPTION_PREFIX.test(t) && t.includes(marker) && !matches.some((m) => m.p === x);
      });
      if (p) matches.push({ p, option: i });
    });
    if (matches.length === 0) continue;
    found.add(group.id);
    const selected = selectedOptions(group, values);
    const cell = ancestor(matches[0]?.p, 'tc');
    const sameCell = matches.length > 1 && cell && matches.every((m) => ancestor(m.p, 'tc') === cell);
    const owned: { p: XElement; option: number; isOption: boolean }[] = [];
    if (sameCell && cell) {
      let owner = -1;
      for (const p of elements(cell, 'p')) {
        const m = matches.find((x) => x.p === p);
        if (m) owner = m.option;
        if (owner >= 0) owned.push({ p, option: owner, isOption: Boolean(m) });
      }
    } else {
      for (const m of matches) owned.push({ p: m.p, option: m.option, isOption: true });
    }
    for (const item of owned) {
      if (selected.has(item.option)) {
        if (item.isOption) markChecked(item.p);
      } else {
        const parent = item.p.parentNode;
        parent?.removeChild(item.p);
        if (parent && (parent as XElement).localName === 'tc' && elements(parent as XElement, 'p').length === 0) {
          parent.appendChild(
            (item.p.ownerDocument as unknown as { createElementNS(ns: string, n: string): XElement }).createElementNS(W_NS, 'w:p'),
          );
        }
      }
    }
  }
  return found;
}

export function selectedOptions(group: SelectionGroup, values: Values): Set<number> {
  const fires = (i: number) => {
    const t = group.options[i]?.trigger;
    return t !== undefined && t !== 'default' && conditionHolds(t, values);
  };
  const indices = group.options.map((_, i) => i);
  const defaults = indices.filter((i) => group.options[i]?.trigger === 'default');
  if (group.type === 'radio') {
    const first = indices.find(fires);
    return new Set(first !== undefined ? [first] : defaults.slice(0, 1));
  }
  const on = indices.filter(fires);
  return new Set(on.length ? on : defaults);
}

function markChecked(p: XElement): void {
  const text = paragraphText(p);
  const m = OPTION_PREFIX.exec(text);
  if (!m) return;
  const start = m.index + (m[0].length - m[0].trimStart().length);
  const box = m[1] as string;
  const checked = box.startsWith('(') ? '( x )' : box.startsWith('[') ? '[ x ]' : '\u2611';
  replaceTextRange(p, start, start + box.length, checked);
}

function ancestor(node: XElement | undefined, localName: string): XElement | undefined {
  let current = node?.parentNode as XElement | null | undefined;
  while (current) {
    if (current.localName === localName && current.namespaceURI === W_NS) return current;
    current = current.parentNode as XElement | null;
  }
  return undefined;
}
