import fs from 'node:fs';
import Docxtemplater, { type DXT } from 'docxtemplater';
import type PizZip from 'pizzip';
import { ErrorCode, KikiError } from '../errors.js';
import { elements, escapeXml, openZip, paragraphText, parseXml, replaceTextRange, serializeXml, textParts } from './ooxml.js';
import { checkPlaceholders } from './registry.js';
import { applySelections } from './selections.js';
import type { DocxTemplate, FieldSpec, Values } from './types.js';

/**
 * The corpus writes conditional passages as `{IF field}…{END-IF}`; they become docxtemplater sections
 * (shown when the field is true), whichever runs Word split the tags across.
 */
const ifModule = () =>
  ({
    name: 'IfEndIfModule',
    matchers: () => [
      [/^IF\s+([A-Za-z_][A-Za-z0-9_]*)\s*$/, 'loop', { expandTo: 'auto', location: 'start', inverted: false }],
      [/^END-IF()\s*$/, 'loop', { location: 'end' }],
    ],
  }) as unknown as DXT.Module;

/** Blank shown for an optional field left empty, so the lawyer sees where to write. */
export const BLANK = '________';

function readTemplateZip(t: DocxTemplate): PizZip {
  let data: Buffer;
  try {
    data = fs.readFileSync(t.docxPath);
  } catch (error) {
    throw new KikiError(ErrorCode.NotFound, `The Word file of template "${t.id}" cannot be read (${t.source}).`, { cause: error });
  }
  return openZip(data, `The Word file of template "${t.id}" (${t.source})`);
}

/** Turns replacements.json text into placeholders and applies selections.json; both need whole paragraphs. */
function preprocess(zip: PizZip, t: DocxTemplate, canonical: Values | undefined): void {
  const keys = Object.keys(t.replacements).sort((a, b) => b.length - a.length);
  if (keys.length === 0 && (!canonical || t.selections.length === 0)) return;
  for (const name of textParts(zip)) {
    const xml = zip.file(name)?.asText() ?? '';
    const doc = parseXml(xml, `${name} in template "${t.id}"`);
    let changed = false;
    for (const p of keys.length ? elements(doc, 'p') : []) {
      const original = paragraphText(p);
      for (const key of keys) {
        if (!original.includes(key)) continue;
        const replacement = t.replacements[key] as string;
        let text = paragraphText(p);
        let at = text.indexOf(key);
        while (at >= 0) {
          replaceTextRange(p, at, at + key.length, replacement);
          changed = true;
          text = paragraphText(p);
          at = text.indexOf(key, at + replacement.length);
        }
      }
    }
    if (canonical && t.selections.length) {
      const found = applySelections(doc, t.selections, canonical);
      if (found.size) changed = true;
    }
    if (changed) zip.file(name, serializeXml(doc));
  }
}

function compile(zip: PizZip, t: DocxTemplate): Docxtemplater {
  try {
    return new Docxtemplater(zip, { paragraphLoop: true, linebreaks: true, modules: [ifModule()] });
  } catch (error) {
    throw new KikiError(ErrorCode.InvalidInput, `The Word template "${t.id}" has broken placeholders: ${explain(error)}.`, {
      cause: error,
    });
  }
}

function explain(error: unknown): string {
  const e = error as { properties?: { errors?: { properties?: { explanation?: string } }[]; explanation?: string }; message?: string };
  const list = e.properties?.errors?.map((x) => x.properties?.explanation).filter(Boolean) ?? [];
  if (list.length) return list.slice(0, 5).join('; ') + (list.length > 5 ? `; and ${list.length - 5} more` : '');
  return e.properties?.explanation ?? e.message ?? 'unknown problem';
}

/** Placeholders and IF-conditions of a Word template, run splits included. Records problems on the template. */
export function analyzeDocx(t: DocxTemplate): { placeholders: string[]; conditions: string[] } {
  const zip = readTemplateZip(t);
  preprocess(zip, t, undefined);
  // docxtemplater keeps each compiled part's tags (run splits already joined); its InspectModule needs lodash.
  const compiled = (compile(zip, t) as unknown as { compiled: Record<string, { postparsed: DXT.Part[] }> }).compiled;
  const placeholders = new Set<string>();
  const conditions = new Set<string>();
  const visit = (parts: DXT.Part[]) => {
    for (const part of parts) {
      if (part.type !== 'placeholder' || typeof part.value !== 'string') continue;
      if (part.module === 'loop') conditions.add(part.value);
      else placeholders.add(part.value);
      if (part.subparsed) visit(part.subparsed);
    }
  };
  for (const part of Object.values(compiled)) visit(part.postparsed);
  const selectionFields = t.selections.flatMap((g) => g.options.flatMap((o) => (o.trigger === 'default' ? [] : [o.trigger.field])));
  for (const g of t.selections)
    for (const o of g.options) for (const m of o.marker.matchAll(/\{([A-Za-z_]\w*)\}/g)) placeholders.add(m[1] as string);
  checkPlaceholders(t.fields, new Set([...placeholders, ...conditions]), new Set(selectionFields), t.errors, t.warnings);
  return { placeholders: [...placeholders].sort(), conditions: [...conditions].sort() };
}

export interface Appendix {
  heading: string;
  paragraphs: string[];
}

/** Fills a Word template: the text around each placeholder keeps its formatting; the result is a valid .docx zip. */
export function fillDocx(t: DocxTemplate, display: Values, canonical: Values, notice: string, appendix?: Appendix): PizZip {
  const zip = readTemplateZip(t);
  preprocess(zip, t, canonical);
  const doc = compile(zip, t);
  const data = renderData(t.fields, display, canonical);
  try {
    doc.render(data);
  } catch (error) {
    throw new KikiError(ErrorCode.InvalidInput, `The Word template "${t.id}" could not be filled: ${explain(error)}.`, { cause: error });
  }
  const out = doc.getZip();
  const body = out.file('word/document.xml')?.asText() ?? '';
  out.file('word/document.xml', addNoticeAndAppendix(body, notice, appendix));
  return out;
}

function renderData(fields: FieldSpec[], display: Values, canonical: Values): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.type === 'boolean') data[f.name] = canonical[f.name] === 'true';
    else data[f.name] = display[f.name] ?? BLANK;
  }
  // {x_display}: the signature blocks' title/company lines, empty when the signatory is an individual.
  for (const f of fields) {
    const prefix = f.name.replace(/_(title|company|name)$/, '');
    const individual = canonical[`${prefix}_type`]?.toLowerCase() === 'individual';
    const key = `${f.name}_display`;
    if (!(key in data)) data[key] = individual ? '' : (display[f.name] ?? BLANK);
  }
  return data;
}

const NOTICE_RUN = '<w:rPr><w:b/><w:color w:val="C00000"/></w:rPr>';

function addNoticeAndAppendix(xml: string, notice: string, appendix?: Appendix): string {
  const para = (text: string, rPr = '') => `<w:p><w:r>${rPr}<w:t xml:space="preserve">${escapeXml(text)}</w:t></w:r></w:p>`;
  const bodyStart = /<w:body[^>]*>/.exec(xml);
  if (!bodyStart) return xml;
  let out =
    xml.slice(0, bodyStart.index + bodyStart[0].length) + para(notice, NOTICE_RUN) + xml.slice(bodyStart.index + bodyStart[0].length);
  if (appendix) {
    const extra = [para(appendix.heading, '<w:rPr><w:b/><w:sz w:val="28"/></w:rPr>'), ...appendix.paragraphs.map((p) => para(p))].join('');
    const sect = out.lastIndexOf('<w:sectPr');
    const end = out.lastIndexOf('</w:body>');
    const at = sect > 0 && sect < end ? sect : end;
    out = out.slice(0, at) + extra + out.slice(at);
  }
  return out;
}
