import { FrontMatterError, parseFrontMatter } from '../../front-matter.js';
import { type Block, LoadError, type LoadedDocument, parseAccess, stringField, titleFromFileName } from './types.js';
import { cleanDocument, cleanInline } from './wiki-markup.js';

/** Markdown and MDX with YAML front-matter: one block per paragraph, list or table, under its heading path. */
export async function loadMarkdown(bytes: Buffer, fileName: string): Promise<LoadedDocument> {
  const source = bytes.toString('utf8');
  let parsed: ReturnType<typeof parseFrontMatter>;
  try {
    parsed = parseFrontMatter(source);
  } catch (error) {
    throw new LoadError(error instanceof FrontMatterError ? error.reason : 'front matter could not be read', { cause: error });
  }
  const { data, lineOffset: offset } = parsed;
  const mdx = /\.mdx$/i.test(fileName);
  const { blocks, firstHeading } = markdownBlocks(cleanDocument(parsed.content), offset, mdx);
  const title = stringField(data.title);
  return {
    title: (title ? inline(title).trim() : undefined) || firstHeading || titleFromFileName(fileName),
    url: stringField(data.url),
    owner: stringField(data.owner),
    updated: stringField(data.updated),
    access: parseAccess(data.access, 'front-matter'),
    blocks,
  };
}

export function markdownBlocks(content: string, lineOffset = 0, mdx = false): { blocks: Block[]; firstHeading: string | undefined } {
  const lines = content.split(/\r?\n/);
  const blocks: Block[] = [];
  const path: string[] = [];
  let firstHeading: string | undefined;
  let buffer: string[] = [];
  let start = 0;
  let fence: string | undefined;
  const flush = (end: number) => {
    const text = buffer.join('\n').trim();
    if (text) blocks.push({ headingPath: [...path], text, lines: [start + lineOffset + 1, end + lineOffset] });
    buffer = [];
  };
  lines.forEach((raw, i) => {
    const fenceMatch = raw.match(/^\s*(```|~~~)/);
    if (fence) {
      buffer.push(raw);
      if (fenceMatch && fenceMatch[1] === fence) fence = undefined;
      return;
    }
    if (fenceMatch) {
      if (buffer.length === 0) start = i;
      fence = fenceMatch[1];
      buffer.push(raw);
      return;
    }
    const heading = raw.match(/^(#{1,6})\s+(.+?)\s*#*\s*$/);
    if (heading) {
      flush(i);
      const [, hashes = '', text = ''] = heading;
      const level = hashes.length;
      const title = inline(text);
      firstHeading ??= title;
      path.length = Math.min(path.length, level - 1);
      while (path.length < level - 1) path.push('');
      path.push(title);
      return;
    }
    if (mdx && /^\s*(import|export)\s/.test(raw)) return;
    if (raw.trim() === '') {
      flush(i);
      return;
    }
    if (buffer.length === 0) start = i;
    buffer.push(inline(raw));
  });
  flush(lines.length);
  for (const b of blocks) b.headingPath = b.headingPath.filter(Boolean);
  return { blocks, firstHeading };
}

/** HTML elements found in Markdown documents; anything else in angle brackets is text ("<up to 400 EUR>"). */
const HTML_TAGS =
  'iframe|button|input|label|nav|header|footer|main|aside|article|a|abbr|b|big|blockquote|br|center|cite|code|dd|del|details|div|dl|dt|em|figcaption|figure|font|h[1-6]|hr|i|img|ins|kbd|li|mark|ol|p|picture|pre|q|s|samp|section|small|source|span|strike|strong|sub|summary|sup|table|tbody|td|tfoot|th|thead|tr|tt|u|ul|var|video|wbr';
const ATTRIBUTES = `(?:\\s+[A-Za-z_:][-\\w:.]*(?:\\s*=\\s*(?:"[^"]*"|'[^']*'|[^\\s"'=<>\`]+))?)*`;
const HTML_TAG = new RegExp(`</?(?:${HTML_TAGS})${ATTRIBUTES}\\s*/?>`, 'gi');

/** Keeps the words a reader sees: link text without its URL, no images, HTML comments or real HTML tags. */
function inline(line: string): string {
  return cleanInline(line)
    .replace(/<!--.*?-->/g, '')
    .replace(/!\[[^\]]*]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)]\([^)]*\)/g, '$1')
    .replace(HTML_TAG, '')
    .replace(/\*\*|__/g, '')
    .replace(/(^|[\s(])_([^_\n]+)_(?=[\s).,;:!?]|$)/g, '$1$2');
}
