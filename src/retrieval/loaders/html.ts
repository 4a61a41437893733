import { htmlBody, parseHtml, readableArticle } from '../../document-reader.js';
import { type Block, type LoadedDocument, parseAccess, titleFromFileName } from './types.js';

const CHROME = 'nav, header, footer, aside, script, style, noscript, form, [role="navigation"], [role="banner"], [role="contentinfo"]';
const COOKIE = /cookie|consent|gdpr|banner|newsletter|subscribe/i;

/** HTML: main content only (Readability, falling back to the body without navigation, footers and cookie banners). */
export async function loadHtml(bytes: Buffer, fileName: string): Promise<LoadedDocument> {
  const { document: doc } = await parseHtml(bytes.toString('utf8'));
  const meta = (name: string) => doc.querySelector(`meta[name="${name}"]`)?.getAttribute('content')?.trim() || undefined;
  const url = doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? undefined;
  const pageTitle = doc.querySelector('title')?.textContent?.trim() || undefined;
  for (const el of doc.querySelectorAll('[id], [class]')) {
    if (COOKIE.test(`${el.id} ${el.getAttribute('class') ?? ''}`)) el.remove();
  }
  const article = await readableArticle(doc);
  let root: Element;
  if (article?.content && (article.textContent ?? '').trim().length > 200) {
    root = await htmlBody(article.content);
  } else {
    root = doc.body ?? doc.documentElement;
    for (const el of root.querySelectorAll(CHROME)) el.remove();
  }
  const { blocks, firstHeading } = htmlBlocks(root);
  return {
    title: meta('title') ?? pageTitle ?? firstHeading ?? titleFromFileName(fileName),
    url,
    owner: meta('owner'),
    updated: meta('updated'),
    access: parseAccess(meta('access'), 'meta access'),
    blocks,
  };
}

/** Walks headings and text elements in document order, keeping the heading path. */
export function htmlBlocks(root: Element): { blocks: Block[]; firstHeading: string | undefined } {
  const blocks: Block[] = [];
  const path: string[] = [];
  let firstHeading: string | undefined;
  const walk = (el: Element) => {
    for (const child of el.children) {
      const tag = child.tagName.toLowerCase();
      const h = tag.match(/^h([1-6])$/);
      if (h) {
        const level = Number(h[1]);
        const text = clean(child.textContent);
        if (!text) continue;
        firstHeading ??= text;
        path.length = Math.min(path.length, level - 1);
        while (path.length < level - 1) path.push('');
        path.push(text);
      } else if (['p', 'li', 'pre', 'blockquote', 'tr', 'dt', 'dd', 'figcaption'].includes(tag)) {
        const text = tag === 'tr' ? [...child.children].map((c) => clean(c.textContent)).join(' | ') : clean(child.textContent);
        if (text) blocks.push({ headingPath: path.filter(Boolean), text: tag === 'li' ? `- ${text}` : text });
      } else {
        walk(child);
      }
    }
  };
  walk(root);
  return { blocks, firstHeading };
}

function clean(text: string | null): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}
