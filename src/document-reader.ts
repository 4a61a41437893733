import { zipProblem } from './zip-guard.js';

/**
 * The one reader of PDF, Word and HTML bytes, for the knowledge index (retrieval/loaders) and press intake
 * (comms/intake): pdf-parse, mammoth, jsdom and Readability are wrapped here only. It returns what the formats
 * hold (pages, document info, HTML, a DOM); each caller shapes it (blocks under headings, an article) and words
 * its own errors. The parsers load on first use: jsdom alone costs about a second of start-up.
 */

/** Why a document could not be read: `unsafe` (a zip bomb, message says why), `encrypted` or `damaged`. */
export class DocumentError extends Error {
  constructor(
    readonly reason: 'unsafe' | 'encrypted' | 'damaged',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'DocumentError';
  }
}

export interface PdfContent {
  /** Each page's text layer as pdf.js gives it, numbered from 1. */
  pages: { num: number; text: string }[];
  /** From the document information dictionary, trimmed; undefined when absent or blank. */
  title: string | undefined;
  author: string | undefined;
  created: Date | null;
}

/** The text layer of a PDF, page by page, with its title, author and creation date. */
export async function readPdf(bytes: Buffer): Promise<PdfContent> {
  const { PDFParse } = await import('pdf-parse');
  const parser = new PDFParse({ data: new Uint8Array(bytes), verbosity: 0 });
  try {
    // One call at a time: pdf.js cannot serve two requests on the same document at once.
    const info = await parser.getInfo().catch((error: unknown) => {
      // Missing or broken metadata is common and harmless; a password is not.
      if (isPasswordError(error)) throw error;
      return undefined;
    });
    const text = await parser.getText();
    const dict = (info?.info ?? {}) as { Title?: unknown; Author?: unknown };
    return {
      pages: text.pages.map((p) => ({ num: p.num, text: p.text })),
      title: trimmed(dict.Title),
      author: trimmed(dict.Author),
      created: info?.getDateNode?.().CreationDate ?? null,
    };
  } catch (error) {
    if (isPasswordError(error)) throw new DocumentError('encrypted', 'encrypted PDF', { cause: error });
    throw new DocumentError('damaged', 'malformed PDF', { cause: error });
  } finally {
    await parser.destroy().catch(() => undefined);
  }
}

/** A Word .docx as HTML (headings and lists kept) or as its raw text, once the zip is known to be safe. */
export async function readWord(bytes: Buffer, as: 'html' | 'text'): Promise<string> {
  const bomb = zipProblem(bytes);
  if (bomb) throw new DocumentError('unsafe', bomb);
  try {
    const { default: mammoth } = await import('mammoth');
    return (await (as === 'html' ? mammoth.convertToHtml({ buffer: bytes }) : mammoth.extractRawText({ buffer: bytes }))).value;
  } catch (error) {
    throw new DocumentError('damaged', 'not a readable Word document', { cause: error });
  }
}

/** An HTML page's DOM, in a jsdom that runs no scripts, loads nothing and prints nothing. */
export async function parseHtml(html: string, url?: string): Promise<{ document: Document; close(): void }> {
  const { JSDOM, VirtualConsole } = await import('jsdom');
  const dom = new JSDOM(html, { ...(url ? { url } : {}), virtualConsole: new VirtualConsole() });
  return { document: dom.window.document, close: () => dom.window.close() };
}

/** The body of an HTML fragment (Word's HTML, Readability's content). */
export async function htmlBody(html: string): Promise<HTMLElement> {
  return (await parseHtml(html)).document.body;
}

export type ReadableArticle = NonNullable<ReturnType<import('@mozilla/readability').Readability['parse']>>;

/** The article of a page, without menus and asides (Mozilla Readability on a copy), or null when none stands out. */
export async function readableArticle(document: Document): Promise<ReadableArticle | null> {
  const { Readability } = await import('@mozilla/readability');
  return new Readability(document.cloneNode(true) as Document, { charThreshold: 200 }).parse();
}

function trimmed(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() ? value.trim() : undefined;
}

function isPasswordError(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | undefined;
  return e?.name === 'PasswordException' || /password/i.test(e?.message ?? '');
}
