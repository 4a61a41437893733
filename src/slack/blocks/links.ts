/**
 * Links the model writes, shown with their real address. Slack renders Markdown (chat streaming) links as
 * their label only, so `[the travel policy](https://evil.example)` would read as a harmless link; Kiki's own
 * sources are listed under the answer with their links, so the answer text needs none.
 */

/** `[label](url "title")` and `![alt](url)` with a label of at most one level of brackets. */
const INLINE = /!?\[((?:[^[\]\n]|\[[^[\]\n]*\])*)\]\(\s*<?([^)\s>]*)>?(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)/g;

/**
 * Slack's own link syntax, `<https://evil.example|the official installer>` (also entity-escaped, as documents
 * quoted in an answer carry it): Slack shows only the label. Pings (`<@U…>`, `<!here>`) and channels are not links.
 */
const ANGLE = /(?:<|&lt;)((?:https?|ftp|mailto|tel|slack):[^\s|<>]*?)(?:\|((?:(?!&gt;)[^<>\n])*))?(?:>|&gt;)/gi;

/** Every link, image and reference definition becomes plain text that shows its address. */
export function revealLinks(text: string): string {
  return (
    text
      .replace(ANGLE, (_m, url: string, label: string | undefined) => shown(label ?? '', url))
      .replace(INLINE, (_m, label: string, url: string) => shown(label, url))
      // Whatever the pattern above missed (deeper brackets, reference definitions): without "](" or "]:"
      // Markdown has no link, and the address stays visible as text.
      .replace(/\]\s*([(:])/g, '] $1')
  );
}

function shown(label: string, url: string): string {
  const l = label.trim();
  if (!url) return l;
  return !l || l === url ? url : `${l} (${url})`;
}

const HOLD_MAX = 300;

/**
 * For streamed text: how much of `text` can be sent now. A link, an image or "@here" may be cut between two
 * deltas, so the tail that could still become one is held back until the next delta (or the end) decides it.
 */
export function sendablePrefix(text: string): number {
  let cut = text.length;
  const at = /@[a-z]*$/i.exec(text);
  if (at) cut = at.index;
  else if (text.endsWith('!')) cut = text.length - 1; // may open an image
  const open = text.lastIndexOf('[');
  if (open < 0 || text.length - open > HOLD_MAX) return cut;
  const tail = text.slice(open);
  if (tail.includes('\n')) {
    // "[f]" then a newline: the definition "[f]: url" is matched line by line, nothing to hold.
    return cut;
  }
  const start = open > 0 && text[open - 1] === '!' ? open - 1 : open;
  const close = tail.lastIndexOf(']');
  if (close < 0 || /^\]\s*$/.test(tail.slice(close))) return Math.min(cut, start);
  const after = tail.slice(close + 1).trimStart();
  if (after.startsWith('(') && !after.includes(')')) return Math.min(cut, start);
  return cut;
}
