import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { loadDocument } from '../retrieval/loaders/index.js';
import type { AccessDecision } from './access-map.js';
import { confluenceStorageToMarkdown, htmlToMarkdown, rowsToMarkdown } from './markdown.js';
import type { FetchedDocument } from './types.js';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** The folder a source's documents are written to, under KIKI_DATA_DIR. */
export function sourceDir(dataDir: string, source: string): string {
  return path.join(dataDir, 'sources', source);
}

/** A file-name-safe segment; never starts with "." or "_" (ingest skips those). */
export function safeSegment(text: string): string {
  const s = text
    .normalize('NFC')
    // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is removed
    .replace(/[\u0000-\u001f/\\:*?"<>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^[._\s]+/, '')
    .slice(0, 100)
    .trim();
  return s || 'untitled';
}

/** The document's body as Markdown; PDF and Word go through the loaders, HTML through the converter. */
export async function toMarkdown(doc: FetchedDocument): Promise<string> {
  const type = doc.contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'text/markdown' || type === 'text/plain') return doc.bytes.toString('utf8');
  if (type === 'application/x-confluence-storage') return confluenceStorageToMarkdown(doc.bytes.toString('utf8'));
  if (type === 'text/html' || type === 'application/xhtml+xml') return htmlToMarkdown(doc.bytes.toString('utf8'));
  if (type === 'text/csv') {
    const { parse } = await import('csv-parse/sync');
    const rows = parse(doc.bytes, { relax_column_count: true, skip_empty_lines: true, bom: true }) as string[][];
    return rowsToMarkdown(rows);
  }
  if (type === 'application/pdf' || type === DOCX) {
    const loaded = await loadDocument(doc.bytes, type === DOCX ? 'document.docx' : 'document.pdf');
    const out: string[] = [];
    let last: string[] = [];
    for (const b of loaded.blocks) {
      b.headingPath.forEach((h, i) => {
        if (last[i] !== h) out.push(`${'#'.repeat(Math.min(i + 2, 6))} ${h}`);
      });
      last = b.headingPath;
      out.push(b.text);
    }
    return out.join('\n\n');
  }
  throw new Error(`unsupported content type ${type || '(none)'}`);
}

/** The file's text: front matter Kiki wrote (title, url, updated, access) and the body. */
export function fileText(doc: FetchedDocument, body: string, access: AccessDecision): string {
  const front: Record<string, unknown> = { title: doc.title };
  if (doc.url) front.url = doc.url;
  if (doc.updated) front.updated = doc.updated;
  if (access.kind === 'groups') front.access = access.groups;
  return `---\n${YAML.stringify(front).trimEnd()}\n---\n${body.trim()}\n`;
}

/** Written to a temporary name, then renamed: a reader (or a crash) never sees half a document. */
export function writeAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

export function removeFile(root: string, rel: string | null): void {
  if (!rel) return;
  fs.rmSync(path.join(root, rel), { force: true });
}
