/** Small text helpers shared by the extractive answer, the follow-up rewriting and the evidence checks. */

const STOPWORDS = new Set(
  `a an and are as at be been but by can could do does did for from had has have how i if in into is it its
  me my of on or our should so than that the their them then there these they this to us was we were what when
  where which who whom why will with would you your yours about any some all also just not no may might must
  get got much many more most please tell know need want like one ones am being here mine ourselves he she his her
  per via its it's i'm i'd i've let kiki`.split(/\s+/),
);

/** Lower-cased words without stop words; a crude stem folds plurals ("days" ~ "day"). */
export function contentWords(text: string): string[] {
  const words = text.toLowerCase().match(/\p{L}[\p{L}\p{N}'-]*|\p{N}+/gu) ?? [];
  return words.filter((w) => !STOPWORDS.has(w) && w.length > 1).map(stem);
}

export function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

/**
 * Sentences of a passage. Paragraphs, list items, table rows and headings are separate units; other line
 * breaks are hard wraps (PDF text, wrapped Markdown) and are joined, "full-\nday" becoming "full-day".
 */
export function sentences(text: string): string[] {
  return text
    .split(/\n\s*\n|\n(?=\s*(?:[-*•]\s|\d+[.)]\s|#|\|))/)
    .map((unit) =>
      unit
        .trim()
        .replace(/^(?:[-*•]|\d+[.)])\s+/, '')
        .replace(/(\p{L})-\n\s*(\p{L})/gu, '$1-$2')
        .replace(/\s*\n\s*/g, ' '),
    )
    .flatMap((unit) => unit.split(/(?<=[.!?])\s+(?=[A-Z"“(])/))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Collapses whitespace and cuts on a word boundary with an ellipsis. */
export function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${cut.slice(0, space > max * 0.7 ? space : max)}…`;
}
