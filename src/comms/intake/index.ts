import fs from 'node:fs/promises';
import path from 'node:path';
import { DocumentError, readPdf, readWord } from '../../document-reader.js';
import { ErrorCode, KikiError } from '../../errors.js';
import { FrontMatterError, parseFrontMatter } from '../../front-matter.js';
import { stripChrome } from '../chrome.js';
import type { RawArticle, SourceInput } from '../types.js';
import { normalizeDate } from './dates.js';
import { extractHtmlArticle, hostOf } from './html.js';
import { type FetchOptions, safeFetch } from './safe-fetch.js';

export const SUPPORTED_EXTENSIONS = ['.txt', '.md', '.markdown', '.html', '.htm', '.pdf', '.docx'];

/** Reads one source into an article; throws a KikiError whose message names what went wrong. */
export async function loadSource(input: SourceInput, fetchOptions: FetchOptions): Promise<RawArticle> {
  switch (input.kind) {
    case 'text':
      return fromPlainText(input.text, input.name ?? 'pasted text');
    case 'url': {
      const page = await safeFetch(input.url, fetchOptions);
      return fromBytes(page.body, input.url, kindOfContentType(page.contentType, page.url), page.url, page.contentType);
    }
    case 'file': {
      let data: Buffer;
      try {
        data = await fs.readFile(input.path);
      } catch (error) {
        throw new KikiError(ErrorCode.NotFound, `Cannot read ${input.path} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, {
          cause: error,
        });
      }
      return fromBytes(data, input.path, kindOfName(input.path));
    }
    case 'buffer':
      return fromBytes(input.data, input.filename, kindOfName(input.filename));
  }
}

type Kind = 'html' | 'pdf' | 'docx' | 'md' | 'txt';

function kindOfName(name: string): Kind {
  const ext = path.extname(name).toLowerCase();
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.pdf') return 'pdf';
  if (ext === '.docx') return 'docx';
  if (ext === '.md' || ext === '.markdown') return 'md';
  if (ext === '.txt' || ext === '') return 'txt';
  throw new KikiError(
    ErrorCode.InvalidInput,
    `${path.basename(name)}: unsupported file type (Kiki reads ${SUPPORTED_EXTENSIONS.join(', ')}).`,
  );
}

function kindOfContentType(contentType: string, url: string): Kind {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  if (type.includes('html') || type.includes('xml')) return 'html';
  if (type === 'application/pdf') return 'pdf';
  if (type.includes('wordprocessingml')) return 'docx';
  if (type === 'text/markdown') return 'md';
  if (type.startsWith('text/')) return 'txt';
  try {
    return kindOfName(new URL(url).pathname);
  } catch {
    throw new KikiError(ErrorCode.InvalidInput, `${url} is not an article (content type ${type || 'unknown'}).`);
  }
}

async function fromBytes(data: Buffer, source: string, kind: Kind, pageUrl?: string, contentType?: string): Promise<RawArticle> {
  const fallbackOutlet = hostOf(pageUrl);
  switch (kind) {
    case 'html':
      return extractHtmlArticle(decode(data, contentType), source, pageUrl);
    case 'md':
      return fromMarkdown(decode(data, contentType), source, fallbackOutlet);
    case 'txt':
      return { ...fromPlainText(decode(data, contentType), source), outlet: fallbackOutlet };
    case 'pdf':
      return fromPdf(data, source, fallbackOutlet);
    case 'docx':
      return { ...fromPlainText(await wordText(data, source), source), outlet: fallbackOutlet };
  }
}

async function wordText(data: Buffer, source: string): Promise<string> {
  try {
    return await readWord(data, 'text');
  } catch (error) {
    if (error instanceof DocumentError && error.reason === 'unsafe')
      throw new KikiError(ErrorCode.InvalidInput, `${path.basename(source)} cannot be read: ${error.message}.`);
    throw new KikiError(ErrorCode.InvalidInput, `${path.basename(source)} is not a readable Word document.`, { cause: error });
  }
}

async function fromPdf(data: Buffer, source: string, outlet: string | null): Promise<RawArticle> {
  try {
    const pdf = await readPdf(data);
    const article = fromPlainText(pdf.pages.map((p) => p.text).join('\n\n'), source);
    const title = pdf.title ?? article.title;
    if (!article.text.trim() && !title) throw new Error('no text layer');
    return { ...article, title, author: pdf.author ?? null, outlet, date: normalizeDate(pdf.created) };
  } catch (error) {
    throw new KikiError(ErrorCode.InvalidInput, `${path.basename(source)}: no readable text in this PDF (scanned, encrypted or damaged).`, {
      cause: error,
    });
  }
}

/** Markdown with optional front matter (title, outlet, author, date); the first heading is the title otherwise. */
function fromMarkdown(text: string, source: string, outlet: string | null): RawArticle {
  let parsed: ReturnType<typeof parseFrontMatter>;
  try {
    parsed = parseFrontMatter(text);
  } catch (error) {
    const reason = error instanceof FrontMatterError ? error.reason : 'the front matter could not be read';
    const hint = /not valid YAML/.test(reason) ? '; quote values that contain ": "' : '';
    throw new KikiError(ErrorCode.InvalidInput, `${path.basename(source)}: ${reason}${hint}.`, { cause: error });
  }
  const { data, content } = parsed;
  const str = (k: string) =>
    typeof data[k] === 'string' || data[k] instanceof Date
      ? String(data[k] instanceof Date ? (data[k] as Date).toISOString() : data[k]).trim()
      : undefined;
  const heading = /^#\s+(.+)$/m.exec(content);
  const body = content
    .replace(/^#\s+.+$/m, heading && !str('title') ? '' : '$&')
    .replace(/^#{1,6}\s+/gm, '')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_`]{1,3}([^*_`]+)[*_`]{1,3}/g, '$1')
    .replace(/^>\s?/gm, '');
  const base = fromPlainText(body, source);
  return {
    source: str('url') ?? source,
    title: str('title') ?? heading?.[1]?.trim() ?? base.title,
    outlet: str('outlet') ?? str('publication') ?? outlet,
    author: str('author') ?? null,
    date: normalizeDate(data.date instanceof Date ? data.date : (str('date') ?? null)),
    text: heading || str('title') ? body.trim() : base.text,
  };
}

/** Pasted or plain text: a short first line is the title. */
export function fromPlainText(text: string, source: string): RawArticle {
  // Menus, share rows and section bars copied with the article go before the title is picked.
  const clean = stripChrome(text.replace(/\r\n?/g, '\n')).trim();
  const [first = '', ...rest] = clean.split('\n');
  const isTitle = first.length > 0 && first.length <= 200 && rest.join('').trim().length > 0 && !/[.!?]$/.test(first.trim());
  return {
    source,
    title: isTitle
      ? first.trim()
      : clean
          .slice(0, 80)
          .replace(/\s+\S*$/, '')
          .replace(/\s+/g, ' ') || '(untitled)',
    outlet: null,
    author: null,
    date: null,
    text: isTitle ? rest.join('\n').trim() : clean,
  };
}

function decode(data: Buffer, contentType?: string): string {
  const charset = /charset=([\w-]+)/i.exec(contentType ?? '')?.[1];
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(data);
  } catch {
    return new TextDecoder('utf-8').decode(data);
  }
}

/** CLI arguments to inputs: URLs, files, and folders read recursively (hidden files and _access.yml skipped). */
export async function expandPaths(args: string[]): Promise<{ inputs: SourceInput[]; problems: { source: string; error: string }[] }> {
  const inputs: SourceInput[] = [];
  const problems: { source: string; error: string }[] = [];
  for (const arg of args) {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) {
      inputs.push({ kind: 'url', url: arg });
      continue;
    }
    const stat = await fs.stat(arg).catch(() => undefined);
    if (!stat) problems.push({ source: arg, error: 'No such file, folder or URL.' });
    else if (stat.isDirectory()) {
      const entries = await fs.readdir(arg, { recursive: true, withFileTypes: true });
      const files = entries
        .filter((e) => e.isFile() && !e.name.startsWith('.') && !e.name.startsWith('_'))
        .map((e) => path.join(e.parentPath, e.name))
        .filter((f) => SUPPORTED_EXTENSIONS.includes(path.extname(f).toLowerCase()))
        .sort();
      if (files.length === 0) problems.push({ source: arg, error: `No ${SUPPORTED_EXTENSIONS.join(', ')} files in this folder.` });
      for (const f of files) inputs.push({ kind: 'file', path: f });
    } else inputs.push({ kind: 'file', path: arg });
  }
  return { inputs, problems };
}

const URL_LINE = /^\s*<?(https?:\/\/[^\s<>|]+)(?:\|[^>]*)?>?\s*$/i;

/** What a person pasted in the modal: lines that are links become URLs; other text, split on "---", becomes articles. */
export function parsePasted(text: string): SourceInput[] {
  const inputs: SourceInput[] = [];
  const blocks = text.replace(/\r\n?/g, '\n').split(/^\s*-{3,}\s*$/m);
  blocks.forEach((block, i) => {
    const prose: string[] = [];
    for (const line of block.split('\n')) {
      const m = URL_LINE.exec(line);
      if (m?.[1]) inputs.push({ kind: 'url', url: m[1] });
      else prose.push(line);
    }
    const body = prose.join('\n').trim();
    if (body.replace(/\s+/g, ' ').length >= 40) inputs.push({ kind: 'text', text: body, name: `pasted text ${i + 1}` });
  });
  return inputs;
}
