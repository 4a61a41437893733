import { escapeEntities, unescapeEntities } from './escape.js';

/**
 * Answers as Slack's `markdown` block shows them (https://docs.slack.dev/reference/block-kit/blocks/markdown-block):
 * standard Markdown (lists, tables, quotes, bold, links), at most 12,000 characters. Nothing in the text may
 * ping anyone, and no entity (`&gt;`) or GitHub alert (`[!NOTE]`) reaches a person.
 */
export const MARKDOWN_LIMIT = 12_000;

const ALERTS: Record<string, string> = { NOTE: 'Note', TIP: 'Tip', IMPORTANT: 'Important', WARNING: 'Warning', CAUTION: 'Caution' };

/** Slack's own syntax for pings and the words that ping, made inert (a word joiner after the @). */
export function defusePings(text: string): string {
  return text
    .replace(/<!(?:subteam\^[A-Z0-9]+\|)?@?([a-z]+)(?:\^[^|>]*)?(?:\|[^>]*)?>/gi, '@\u2060$1')
    .replace(/<@([UW][A-Z0-9]+)(?:\|([^>]*))?>/g, (_m, id: string, name?: string) => `@\u2060${name ?? id}`)
    .replace(/@(channel|here|everyone)\b/gi, '@\u2060$1');
}

/** GitHub alerts (`> [!NOTE]`) as a bold label. */
function alerts(text: string): string {
  return text.replace(/\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]/gi, (_m, kind: string) => `**${ALERTS[kind.toUpperCase()]}:**`);
}

/** The answer (Markdown from the documents or a model) as the body of a markdown block. */
export function toSlackMarkdown(text: string, max = MARKDOWN_LIMIT): string {
  const md = defusePings(alerts(unescapeEntities(text))).trim();
  if (md.length <= max) return md;
  const cut = md.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > max * 0.8 ? space : max - 1)}…`;
}

/** A Markdown delta streamed to chat.appendStream: the same defusing, no truncation. */
export function streamedMarkdown(delta: string): string {
  return defusePings(alerts(unescapeEntities(delta)));
}

/**
 * The plain `text` of an answer message (notifications, screen readers, what the thread reads back):
 * no Markdown marks, table rows as "a · b", no quote markers; entities escaped once for Slack.
 */
export function markdownToPlain(text: string): string {
  const lines = alerts(unescapeEntities(text)).split('\n');
  const out: string[] = [];
  for (const raw of lines) {
    let line = raw.replace(/^\s*(?:>\s?)+/, '');
    if (/^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line)) continue;
    if (/^\s*\|.*\|\s*$/.test(line)) {
      line = line
        .trim()
        .replace(/^\||\|$/g, '')
        .split('|')
        .map((c) => c.trim())
        .filter(Boolean)
        .join(' · ');
    }
    line = line
      .replace(/^#{1,6}\s+/, '')
      .replace(/\[([^\]]+)]\((https?:[^)\s]+)\)/g, '$1 ($2)')
      .replace(/\*\*(.+?)\*\*|__(.+?)__/g, '$1$2')
      .replace(/`([^`]+)`/g, '$1');
    out.push(line);
  }
  return escapeEntities(
    defusePings(
      out
        .join('\n')
        .replace(/\n{3,}/g, '\n\n')
        .trim(),
    ),
  );
}
