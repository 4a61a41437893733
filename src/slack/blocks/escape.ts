/**
 * Escaping for text that a person wrote and Kiki repeats in mrkdwn
 * (https://api.slack.com/reference/surfaces/formatting#escaping): &, < and > become entities, so
 * `<!channel>`, `<@U123>` and `<http://x|y>` stay plain text; "@channel", "@here" and "@everyone" get a
 * word joiner so they never ping; formatting characters get zero-width spaces so a stray `*` or backtick
 * cannot restyle the rest of the message.
 */
export function escapeMrkdwn(text: string): string {
  return escapeEntities(text)
    .replace(/@(channel|here|everyone)\b/gi, '@\u2060$1')
    .replace(/[*_~`]/g, (c) => `\u200B${c}\u200B`);
}

/** Only &, < and >: for trusted text (our own documents) whose mrkdwn should still render. */
export function escapeEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Slack rejects section text over 3,000 characters; cut on a word boundary with an ellipsis. */
export function truncate(text: string, max = 2900): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > max * 0.8 ? space : max)}…`;
}

/** Slack sends message text with &, < and > as entities; undo that before escaping the text again. */
export function unescapeEntities(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
