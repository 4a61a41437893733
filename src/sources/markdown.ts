// HTML (Confluence storage format, Google Docs exports, web pages after Readability) to Markdown that the
// Markdown loader reads back: headings, lists, tables and code are kept; images, scripts and chrome are not.

const DROP = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'nav',
  'footer',
  'header',
  'aside',
  'form',
  'button',
  'svg',
  'img',
  'iframe',
]);
const DROP_MACRO = new Set(['ac:parameter', 'ac:image', 'ac:emoticon', 'ri:attachment', 'ac:placeholder', 'ri:user']);
const BLOCK = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'body',
  'ul',
  'ol',
  'li',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'pre',
  'blockquote',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'hr',
  'dl',
  'dt',
  'dd',
  'figure',
  'figcaption',
  'details',
  'summary',
  'center',
  'ac:structured-macro',
  'ac:rich-text-body',
  'ac:layout',
  'ac:layout-section',
  'ac:layout-cell',
  'ac:task-list',
  'ac:task',
  'ac:task-body',
]);

type El = Element;

function tag(el: El): string {
  return el.tagName.toLowerCase();
}

/** jsdom's selectors do not match prefixed names such as ac:rich-text-body; tag names do. */
function first(el: El, name: string): El | undefined {
  return el.getElementsByTagName(name)[0] ?? undefined;
}

function inlineText(node: Node): string {
  let out = '';
  for (const child of node.childNodes) {
    if (child.nodeType === 3) out += child.textContent ?? '';
    else if (child.nodeType === 1) {
      const el = child as El;
      const t = tag(el);
      if (DROP.has(t) || DROP_MACRO.has(t)) continue;
      if (t === 'br') out += ' ';
      else if (t === 'ri:page') out += el.getAttribute('ri:content-title') ?? '';
      else if (t === 'ac:link' && !first(el, 'ac:link-body') && !first(el, 'ac:plain-text-link-body')) {
        out += first(el, 'ri:page')?.getAttribute('ri:content-title') ?? '';
      } else out += inlineText(el);
    }
  }
  return out;
}

function clean(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function table(el: El): string {
  const rows = [...el.querySelectorAll('tr')].filter((r) => r.closest('table') === el);
  const cells = rows.map((r) =>
    [...r.children].filter((c) => ['td', 'th'].includes(tag(c))).map((c) => clean(inlineText(c)).replace(/\|/g, '\\|')),
  );
  const width = Math.max(0, ...cells.map((c) => c.length));
  if (width === 0) return '';
  const line = (c: string[]) => `| ${Array.from({ length: width }, (_, i) => c[i] ?? '').join(' | ')} |`;
  const [head = [], ...body] = cells;
  return [line(head), line(Array.from({ length: width }, () => '---')), ...body.map(line)].join('\n');
}

function list(el: El, depth: number): string {
  const ordered = tag(el) === 'ol';
  const out: string[] = [];
  let n = 0;
  for (const li of el.children) {
    const t = tag(li);
    if (t !== 'li' && t !== 'ac:task') continue;
    n++;
    const body = t === 'ac:task' ? (first(li, 'ac:task-body') ?? li) : li;
    const own: string[] = [];
    const nested: string[] = [];
    for (const child of body.childNodes) {
      if (child.nodeType === 1 && ['ul', 'ol'].includes(tag(child as El))) nested.push(list(child as El, depth + 1));
      else if (child.nodeType === 1) own.push(inlineText(child));
      else own.push(child.textContent ?? '');
    }
    const text = clean(own.join(' '));
    if (text) out.push(`${'  '.repeat(depth)}${ordered ? `${n}.` : '-'} ${text}`);
    out.push(...nested.filter(Boolean));
  }
  return out.join('\n');
}

function macro(el: El, blocks: string[]): void {
  const name = el.getAttribute('ac:name') ?? '';
  if (name === 'code' || name === 'noformat') {
    const body = first(el, 'ac:plain-text-body');
    if (body) blocks.push(`\`\`\`\n${(body.textContent ?? '').replace(/```/g, "'''")}\n\`\`\``);
    return;
  }
  const rich = first(el, 'ac:rich-text-body');
  if (rich) walk(rich, blocks);
}

function walk(root: El, blocks: string[]): void {
  let inline = '';
  const flush = () => {
    const t = clean(inline);
    if (t) blocks.push(t);
    inline = '';
  };
  for (const child of root.childNodes) {
    if (child.nodeType === 3) {
      inline += child.textContent ?? '';
      continue;
    }
    if (child.nodeType !== 1) continue;
    const el = child as El;
    const t = tag(el);
    if (DROP.has(t) || DROP_MACRO.has(t)) continue;
    if (!BLOCK.has(t)) {
      inline += t === 'br' ? ' ' : inlineText(el);
      continue;
    }
    flush();
    const h = t.match(/^h([1-6])$/);
    if (h) {
      const text = clean(inlineText(el));
      if (text) blocks.push(`${'#'.repeat(Number(h[1]))} ${text}`);
    } else if (t === 'ul' || t === 'ol' || t === 'ac:task-list') {
      const l = list(el, 0);
      if (l) blocks.push(l);
    } else if (t === 'table') {
      const tb = table(el);
      if (tb) blocks.push(tb);
    } else if (t === 'pre') {
      blocks.push(`\`\`\`\n${(el.textContent ?? '').replace(/```/g, "'''").trimEnd()}\n\`\`\``);
    } else if (t === 'blockquote') {
      const inner: string[] = [];
      walk(el, inner);
      if (inner.length) blocks.push(inner.map((b) => b.replace(/^/gm, '> ')).join('\n>\n'));
    } else if (t === 'ac:structured-macro') {
      macro(el, blocks);
    } else if (t === 'hr') {
    } else {
      walk(el, blocks);
    }
  }
  flush();
}

let shared: Promise<Document> | undefined;

/** Markdown of an HTML fragment or page body. */
export async function htmlToMarkdown(html: string): Promise<string> {
  // One parser window for every document (a new JSDOM per page costs milliseconds); scripts never run.
  shared ??= import('jsdom').then(({ JSDOM }) => new JSDOM('<!doctype html><body></body>').window.document);
  const doc = await shared;
  const root = doc.createElement('div');
  root.innerHTML = html;
  const blocks: string[] = [];
  walk(root, blocks);
  // A line that looks like front matter or a heading marker from the text itself stays text.
  return blocks.map((b) => (b.startsWith('---') ? `\\${b}` : b)).join('\n\n');
}

/** Confluence storage format: XHTML with ac:/ri: elements; CDATA (code macros) kept as text. */
export function confluenceStorageToMarkdown(storage: string): Promise<string> {
  const escaped = storage.replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_, text: string) =>
    text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'),
  );
  return htmlToMarkdown(escaped);
}

/** CSV rows (a Google Sheet export) as one Markdown table. */
export function rowsToMarkdown(rows: string[][]): string {
  const width = Math.max(0, ...rows.map((r) => r.length));
  if (width === 0) return '';
  const cell = (v: string | undefined) => clean(v ?? '').replace(/\|/g, '\\|');
  const line = (r: string[]) => `| ${Array.from({ length: width }, (_, i) => cell(r[i])).join(' | ')} |`;
  const [head = [], ...body] = rows;
  return [line(head), line(Array.from({ length: width }, () => '---')), ...body.map(line)].join('\n');
}
