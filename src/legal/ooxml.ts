import { DOMParser, type Element as XElement, XMLSerializer } from '@xmldom/xmldom';
import PizZip from 'pizzip';
import { ErrorCode, KikiError } from '../errors.js';
import { zipProblem } from '../zip-guard.js';

export const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
/** Parts of a .docx that carry body text (and so placeholders). */
export const TEXT_PART = /^word\/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$/;
/** Zip entry dates are fixed so that the same inputs give byte-identical files. */
const FIXED_DATE = new Date(Date.UTC(2000, 0, 1));

export function openZip(data: Buffer, what: string): PizZip {
  const bomb = zipProblem(data);
  if (bomb) throw new KikiError(ErrorCode.InvalidInput, `${what} cannot be used: ${bomb}.`);
  let zip: PizZip;
  try {
    zip = new PizZip(data);
  } catch (error) {
    throw new KikiError(ErrorCode.InvalidInput, `${what} is not a valid Word (.docx) file: it could not be unzipped.`, { cause: error });
  }
  if (!zip.file('word/document.xml')) {
    throw new KikiError(ErrorCode.InvalidInput, `${what} is not a valid Word (.docx) file: it has no word/document.xml.`);
  }
  return zip;
}

export function textParts(zip: PizZip): string[] {
  return Object.keys(zip.files)
    .filter((n) => TEXT_PART.test(n))
    .sort();
}

/** Rebuilds the zip with fixed entry dates and a fixed core.xml timestamp: same inputs, same bytes. */
export function deterministicZip(zip: PizZip): Buffer {
  const out = new PizZip();
  for (const name of Object.keys(zip.files)) {
    const entry = zip.files[name];
    if (!entry || entry.dir) continue;
    let data: string | Uint8Array = entry.asUint8Array();
    if (name === 'docProps/core.xml') {
      data = entry.asText().replace(/(<dcterms:(created|modified)[^>]*>)[^<]*(<\/dcterms:\2>)/g, '$12000-01-01T00:00:00Z$3');
    }
    out.file(name, data, { date: FIXED_DATE, binary: typeof data !== 'string' });
  }
  return out.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}

export function parseXml(xml: string, what: string) {
  let failed: string | undefined;
  const doc = new DOMParser({
    onError: (level, message) => {
      if (level !== 'warning') failed = message;
    },
  }).parseFromString(xml, 'text/xml');
  if (failed) throw new KikiError(ErrorCode.InvalidInput, `${what} is damaged: its XML does not parse.`, { cause: new Error(failed) });
  return doc;
}

export function serializeXml(node: Parameters<XMLSerializer['serializeToString']>[0]): string {
  return new XMLSerializer().serializeToString(node);
}

export function elements(parent: { getElementsByTagNameNS(ns: string, name: string): ArrayLike<XElement> }, name: string): XElement[] {
  return Array.from(parent.getElementsByTagNameNS(W_NS, name));
}

export function paragraphText(p: XElement): string {
  return elements(p, 't')
    .map((t) => t.textContent ?? '')
    .join('');
}

/**
 * Replaces the text between offsets [start, end) of a paragraph, even when Word split it across runs: the
 * replacement goes into the run where the match starts (so it takes that run's formatting) and the rest of
 * the matched characters are removed from the following runs, whose remaining text keeps its own formatting.
 */
export function replaceTextRange(p: XElement, start: number, end: number, replacement: string): void {
  let offset = 0;
  let placed = false;
  for (const t of elements(p, 't')) {
    const text = t.textContent ?? '';
    const from = offset;
    const to = offset + text.length;
    offset = to;
    if (to <= start || from >= end) continue;
    const a = Math.max(start, from) - from;
    const b = Math.min(end, to) - from;
    const next = placed ? text.slice(0, a) + text.slice(b) : text.slice(0, a) + replacement + text.slice(b);
    placed = true;
    t.textContent = next;
    t.setAttribute('xml:space', 'preserve');
  }
}

/** Escapes text for an XML text node or attribute. */
export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
