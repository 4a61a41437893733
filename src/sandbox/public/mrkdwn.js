// mrkdwn (Slack's markup) and standard Markdown, rendered to HTML strings for the sandbox page (blocks.js
// re-exports what it exports). Enough of Slack's rendering to read what Kiki sends; not a pixel copy.

/** @param {string} s */
export function escapeHtml(s) {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

/** Slack escapes &, < and > in text; the page escapes again for HTML. */
function decodeSlack(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Only links a person could follow safely: web, mail, and the sandbox's own files. */
export function safeUrl(url) {
  const u = String(url ?? '').trim();
  if (/^(https?:|mailto:)/i.test(u) || u.startsWith('/files/')) return u;
  return null;
}

// The shortcodes Kiki's messages use, and a few common ones; others stay as typed, as in Slack without the emoji.
const EMOJI = {
  warning: '⚠️',
  white_check_mark: '✅',
  heavy_check_mark: '✔️',
  x: '❌',
  '+1': '👍',
  '-1': '👎',
  thumbsup: '👍',
  thumbsdown: '👎',
  bar_chart: '📊',
  chart_with_upwards_trend: '📈',
  page_facing_up: '📄',
  memo: '📝',
  mag: '🔍',
  wave: '👋',
  bulb: '💡',
  link: '🔗',
  speech_balloon: '💬',
  raising_hand: '🙋',
  bust_in_silhouette: '👤',
  lock: '🔒',
  calendar: '📅',
  books: '📚',
  book: '📖',
  information_source: 'ℹ️',
  hourglass_flowing_sand: '⏳',
  point_right: '👉',
  large_green_circle: '🟢',
  red_circle: '🔴',
  white_circle: '⚪',
  large_orange_circle: '🟠',
  tada: '🎉',
  eyes: '👀',
  newspaper: '📰',
  scales: '⚖️',
  busts_in_silhouette: '👥',
  inbox_tray: '📥',
  sparkles: '✨',
  question: '❓',
};

/**
 * @param {string} text mrkdwn (Slack's markup)
 * @param {{ nameOf: (id: string) => string }} ctx
 */
export function mrkdwnToHtml(text, ctx) {
  const tokens = [];
  const hold = (html) => {
    tokens.push(html);
    return `\uE000${tokens.length - 1}\uE000`;
  };
  let s = String(text ?? '');
  s = s.replace(/```([\s\S]*?)```/g, (_m, code) => hold(`<pre>${escapeHtml(decodeSlack(code.replace(/^\n/, '')))}</pre>`));
  s = s.replace(/`([^`\n]+)`/g, (_m, code) => hold(`<code>${escapeHtml(decodeSlack(code))}</code>`));
  s = s.replace(/<([^<>\n]+)>/g, (_m, inner) => hold(angle(inner, ctx)));
  s = escapeHtml(decodeSlack(s)).replace(/:([a-z0-9_+-]+):/g, (m, name) => EMOJI[name] ?? m);
  s = s.replace(/(^|[\s(>\uE000])\*(?=\S)([^*\n]*?\S)\*(?=$|[\s.,;:!?)\uE000])/gm, '$1<b>$2</b>');
  s = s.replace(/(^|[\s(>\uE000])_(?=\S)([^_\n]*?\S)_(?=$|[\s.,;:!?)\uE000])/gm, '$1<i>$2</i>');
  s = s.replace(/(^|[\s(>\uE000])~(?=\S)([^~\n]*?\S)~(?=$|[\s.,;:!?)\uE000])/gm, '$1<s>$2</s>');
  s = s
    .split('\n')
    .map((line) => (line.startsWith('&gt; ') || line === '&gt;' ? `<blockquote>${line.replace(/^&gt; ?/, '')}</blockquote>` : line))
    .join('\n')
    .replace(/<\/blockquote>\n<blockquote>/g, '<br>')
    .replace(/<\/blockquote>\n/g, '</blockquote>')
    .replace(/\n/g, '<br>');
  return s.replace(/\uE000(\d+)\uE000/g, (_m, i) => tokens[Number(i)] ?? '');
}

function angle(inner, ctx) {
  const [target = '', label] = inner.split('|');
  if (target.startsWith('@')) return `<span class="mention">@${escapeHtml(ctx.nameOf(target.slice(1)))}</span>`;
  if (target.startsWith('#')) {
    const id = target.slice(1);
    return `<span class="mention">#${escapeHtml(label ?? ctx.channelName?.(id) ?? id)}</span>`;
  }
  if (target.startsWith('!')) {
    const [what, id] = target.slice(1).split('^');
    if (what === 'date') return escapeHtml(decodeSlack(label ?? ''));
    if (what === 'subteam') return `<span class="mention">@${escapeHtml(label?.replace(/^@/, '') ?? ctx.nameOf(id ?? ''))}</span>`;
    return `<span class="mention">@${escapeHtml(label ?? what)}</span>`;
  }
  const url = safeUrl(decodeSlack(target));
  const shown = escapeHtml(decodeSlack(label ?? target));
  return url ? `<a href="${escapeHtml(url)}" target="_blank" rel="noopener noreferrer">${shown}</a>` : shown;
}

/** Inline standard Markdown (bold, italics, code, links) as mrkdwn, rendered. */
function inlineMarkdown(text, ctx) {
  const converted = String(text ?? '')
    .replace(/\*\*(.+?)\*\*/g, '*$1*')
    .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, '<$2|$1>');
  return mrkdwnToHtml(converted, ctx);
}

const isTableRow = (line) => /^\s*\|.*\|\s*$/.test(line);
const isTableRule = (line) => /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line);
const cells = (line) =>
  line
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((c) => c.trim());

/**
 * Standard Markdown as Slack's `markdown` block shows it: headings, paragraphs, lists, tables and (nested)
 * block quotes, with inline bold, italics, code and links.
 */
export function markdownToHtml(text, ctx) {
  const lines = String(text ?? '').split('\n');
  const out = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (/^\s*>/.test(line)) {
      const quoted = [];
      while (i < lines.length && /^\s*>/.test(lines[i] ?? '')) quoted.push((lines[i++] ?? '').replace(/^\s*> ?/, ''));
      out.push(`<blockquote>${markdownToHtml(quoted.join('\n'), ctx)}</blockquote>`);
      continue;
    }
    if (isTableRow(line) && isTableRule(lines[i + 1] ?? '')) {
      const head = cells(line);
      i += 2;
      const rows = [];
      while (i < lines.length && isTableRow(lines[i] ?? '')) rows.push(cells(lines[i++] ?? ''));
      const th = head.map((c) => `<th>${inlineMarkdown(c, ctx)}</th>`).join('');
      const body = rows.map((r) => `<tr>${r.map((c) => `<td>${inlineMarkdown(c, ctx)}</td>`).join('')}</tr>`).join('');
      out.push(`<table class="md-table"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`);
      continue;
    }
    if (/^\s*([-*+]|\d+[.)])\s+/.test(line)) {
      const ordered = /^\s*\d/.test(line);
      const items = [];
      while (i < lines.length && /^\s*([-*+]|\d+[.)])\s+/.test(lines[i] ?? ''))
        items.push((lines[i++] ?? '').replace(/^\s*([-*+]|\d+[.)])\s+/, ''));
      const tag = ordered ? 'ol' : 'ul';
      out.push(`<${tag}>${items.map((x) => `<li>${inlineMarkdown(x, ctx)}</li>`).join('')}</${tag}>`);
      continue;
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    if (heading) {
      out.push(`<div class="md-heading"><b>${inlineMarkdown(heading[1], ctx)}</b></div>`);
      i += 1;
      continue;
    }
    if (line.trim() === '') {
      i += 1;
      continue;
    }
    const para = [];
    while (
      i < lines.length &&
      (lines[i] ?? '').trim() !== '' &&
      !/^\s*(>|[-*+]\s|\d+[.)]\s|#{1,6}\s)/.test(lines[i] ?? '') &&
      !isTableRow(lines[i] ?? '')
    )
      para.push(lines[i++]);
    out.push(`<p>${inlineMarkdown(para.join('\n'), ctx)}</p>`);
  }
  return out.join('');
}
