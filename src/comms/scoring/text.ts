/** Text helpers shared by the scorers, the training script and the article analysis. */

const segmenters = new Map<string, Intl.Segmenter>();

/** Sentences by the ICU rules of the language (handles "M. Dupont", "U.S.", decimals…). */
export function splitSentences(text: string, language = 'en'): string[] {
  let seg = segmenters.get(language);
  if (!seg) {
    seg = new Intl.Segmenter(language, { granularity: 'sentence' });
    segmenters.set(language, seg);
  }
  const out: string[] = [];
  for (const paragraph of text.split(/\n\s*\n|\n(?=\s*[-•*]\s)/)) {
    for (const { segment } of seg.segment(paragraph.replace(/\s+/g, ' ').trim())) {
      const s = segment.trim();
      if (s) out.push(s);
    }
  }
  return out;
}

/** Lower-case word tokens; URLs dropped, tickers and numbers folded into placeholders. */
export function tokenize(text: string): string[] {
  const cleaned = text
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/\$[a-z]{1,6}\b/g, ' __ticker ')
    .replace(/[’‘`]/g, "'");
  return cleaned.match(/__ticker|\d+(?:[.,]\d+)?%?|[\p{L}]+(?:['-][\p{L}]+)*|[.!?;:,]/gu) ?? [];
}

export function isPunct(token: string): boolean {
  return /^[.!?;:,]$/.test(token);
}

/** Strips accents so lexicon look-ups forgive "ameliore" vs "améliore". */
export function fold(word: string): string {
  return word.normalize('NFD').replace(/\p{M}/gu, '');
}
