import { parseHtml, readableArticle } from '../../document-reader.js';
import type { RawArticle } from '../types.js';
import { normalizeDate } from './dates.js';

/**
 * The article of a web page, without menus, related links, cookie banners or comments: Readability on a
 * jsdom DOM that runs no scripts and loads nothing. Metadata from Open Graph, article:*, JSON-LD and <meta>.
 */
export async function extractHtmlArticle(html: string, source: string, pageUrl?: string): Promise<RawArticle> {
  const page = await parseHtml(html, pageUrl ?? 'https://article.invalid/');
  const doc = page.document;
  const meta = (...names: string[]) => {
    for (const name of names) {
      const el = doc.querySelector(`meta[property="${name}"], meta[name="${name}"], meta[itemprop="${name}"]`);
      const content = el?.getAttribute('content')?.trim();
      if (content) return content;
    }
    return undefined;
  };
  const ld = jsonLd(doc);
  const metaDate =
    meta('article:published_time', 'og:article:published_time', 'datePublished', 'date', 'dc.date', 'DC.date.issued', 'pubdate') ??
    ld.datePublished ??
    doc.querySelector('time[datetime]')?.getAttribute('datetime') ??
    undefined;
  const metaAuthor = meta('author', 'article:author', 'dc.creator') ?? ld.author;
  const metaOutlet = meta('og:site_name', 'application-name') ?? ld.publisher;
  const parsed = await readableArticle(doc);
  const body = parsed?.textContent?.trim() ? paragraphs(doc, parsed.content ?? '', parsed.textContent) : (doc.body?.textContent ?? '');
  const title = meta('og:title', 'twitter:title') ?? parsed?.title ?? doc.title ?? '';
  page.close();
  return {
    source,
    title: title.replace(/\s+/g, ' ').trim(),
    outlet: metaOutlet ?? parsed?.siteName ?? hostOf(pageUrl),
    author: cleanAuthor(metaAuthor ?? parsed?.byline ?? null),
    date: normalizeDate(metaDate ?? parsed?.publishedTime ?? null),
    text: body.trim(),
  };
}

/** Readability's text with paragraph breaks kept, so sentences never run across blocks. */
function paragraphs(doc: Document, contentHtml: string, fallback: string): string {
  const frag = doc.createElement('template');
  frag.innerHTML = contentHtml;
  const blocks = [...frag.content.querySelectorAll('p, h1, h2, h3, h4, li, blockquote, pre')]
    .filter((el) => !el.querySelector('p, li'))
    .map((el) => el.textContent?.replace(/\s+/g, ' ').trim() ?? '')
    .filter(Boolean);
  return blocks.length > 0 ? blocks.join('\n\n') : fallback;
}

function jsonLd(doc: Document): { datePublished?: string; author?: string; publisher?: string } {
  for (const script of doc.querySelectorAll('script[type="application/ld+json"]')) {
    try {
      const data = JSON.parse(script.textContent ?? '') as unknown;
      const items = (Array.isArray(data) ? data : [data]) as Record<string, unknown>[];
      for (const item of items.flatMap((i) => (Array.isArray(i['@graph']) ? (i['@graph'] as Record<string, unknown>[]) : [i]))) {
        if (typeof item.datePublished !== 'string') continue;
        const author = nameOf(item.author);
        const publisher = nameOf(item.publisher);
        return {
          datePublished: item.datePublished,
          ...(author ? { author } : {}),
          ...(publisher ? { publisher } : {}),
        };
      }
    } catch {
      // A broken JSON-LD block is common and harmless: the other metadata still counts.
    }
  }
  return {};
}

function nameOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map(nameOf).filter(Boolean).join(', ') || undefined;
  if (v && typeof v === 'object' && typeof (v as { name?: unknown }).name === 'string') return (v as { name: string }).name;
  return undefined;
}

function cleanAuthor(author: string | null): string | null {
  const a = author?.replace(/^(by|par)\s+/i, '').trim();
  return a ? a : null;
}

export function hostOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const host = new URL(url).hostname.replace(/^www\./, '');
    return host === 'article.invalid' ? null : host;
  } catch {
    return null;
  }
}
