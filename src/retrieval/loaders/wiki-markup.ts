/**
 * The template syntax of static-site and wiki generators, which a handbook's Markdown is full of and a person
 * should never see in a quote: Liquid/Jekyll tags (`{% page "/travel/" %}`, `{% slack_channel "equipment" %}`),
 * Liquid and Hugo outputs and shortcodes (`{{ site.x }}`, `{{< ref "x" >}}`), MDX components (`<Callout>`),
 * HTML comments over several lines, entities escaped once or twice (`&amp;amp;`), backslash-escaped Markdown
 * (`\*_Note:_`). Link texts and the words inside paired tags are kept; the rest goes. Line counts are kept,
 * so citations still point at the right lines.
 */

const keepLines = (match: string) => match.replace(/[^\n]/g, '');

/** A tag's first quoted argument or bare word, as a reader would see the link it makes ("/travel/" → "travel"). */
function argumentText(args: string): string {
  const quoted = /["']([^"']+)["']/.exec(args)?.[1];
  const raw = (quoted ?? args.trim().split(/\s+/)[0] ?? '').trim();
  if (/^[\w.-]+$/.test(raw) && !raw.includes('/')) return raw;
  const path = raw.replace(/[#?].*$/, '').replace(/(?:\/index(?:\.\w+)?)?\/*$/i, '');
  const last = path.split('/').pop() ?? '';
  return last.replace(/\.(md|mdx|html?)$/i, '').replace(/[-_]+/g, ' ');
}

/** Liquid tags: channels and pages become their names; block tags (if, raw, include, comment…) vanish. */
function liquidTag(_m: string, name: string, args: string): string {
  const n = name.toLowerCase();
  if (/channel/.test(n)) return `#${argumentText(args).replace(/\s+/g, '-')}`;
  if (/^(page|link|link_to|post_url|ref|relref|doc|docs)$|page|link/.test(n)) return argumentText(args);
  return '';
}

/** Hugo shortcodes: references become their page name, a caption or title stays, paired tags keep their words. */
function shortcode(_m: string, name: string, args: string): string {
  const n = name.toLowerCase();
  if (n.startsWith('/')) return '';
  if (n === 'ref' || n === 'relref') return argumentText(args);
  const caption = /\b(?:caption|title|text|label)\s*=\s*["']([^"']+)["']/.exec(args)?.[1];
  return caption ?? '';
}

const ENTITIES: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  rsquo: '’',
  lsquo: '‘',
  rdquo: '”',
  ldquo: '“',
};

/** Entities decoded, twice if they were escaped twice ("&amp;amp;" → "&"). */
export function decodeEntities(text: string): string {
  let out = text;
  for (let i = 0; i < 2 && /&(?:#\d+|#x[0-9a-f]+|[a-z]+);/i.test(out); i++)
    out = out.replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') {
        const code = e[1] === 'x' || e[1] === 'X' ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1));
        return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : m;
      }
      return ENTITIES[e.toLowerCase()] ?? m;
    });
  return out;
}

/** The whole document before it is split into blocks: multi-line constructs removed, line count kept. */
export function cleanDocument(content: string): string {
  return content
    .replace(/<!--[\s\S]*?-->/g, keepLines)
    .replace(/<(script|style|noscript|svg)\b[^>]*>[\s\S]*?<\/\1>/gi, keepLines)
    .replace(/\{%-?\s*comment\s*-?%\}[\s\S]*?\{%-?\s*endcomment\s*-?%\}/g, keepLines)
    .replace(/<iframe\b[^>]*>(?:[\s\S]*?<\/iframe>)?/gi, (m) => {
      const title = /\btitle\s*=\s*["']([^"']+)["']/i.exec(m)?.[1];
      return `${title ? `(${title})` : ''}${keepLines(m)}`;
    });
}

/** One line of text: template syntax, MDX components, escapes and entities resolved. */
export function cleanInline(line: string): string {
  return decodeEntities(
    line
      .replace(/\{%-?\s*([\w./-]+)([^%]*?)-?%\}/g, liquidTag)
      .replace(/\{\{[<%]\s*(\/?[\w./-]+)([\s\S]*?)[>%]\}\}/g, shortcode)
      .replace(/\{\{-?[^{}]*-?\}\}/g, '')
      .replace(/<\/?[A-Z][\w.]*(?:\s+[^<>]*?)?\s*\/?>/g, '')
      .replace(/<(?:https?:\/\/|mailto:)([^<>\s]+)>/gi, (m, rest: string) => (m.startsWith('<mailto:') ? rest : m.slice(1, -1)))
      .replace(/\\([*_])/g, '')
      .replace(/\\([\\`{}[\]()#+\-.!|>~])/g, '$1'),
  );
}
