import * as sw from 'stopword';
import { tokenize } from './scoring/text.js';

const STOPWORDS: Record<string, Set<string>> = {
  en: new Set(sw.eng),
  fr: new Set(sw.fra),
  es: new Set(sw.spa),
  de: new Set(sw.deu),
  sv: new Set(sw.swe),
};
// Press filler that stopword lists keep: reporting verbs and time words say nothing about the topic.
const FILLER = new Set(
  'said says told according year years week month today yesterday also would could new one two first last per cent percent mr mrs ms '
    .concat('selon déclaré indique affirme explique année années mois semaine aujourdhui hier également ainsi cette cet ces depuis')
    .split(/\s+/),
);

/** Key phrases of a text: runs of up to three content words, ranked by frequency, longer phrases first on ties. */
export function extractThemes(sentences: string[], language: string, exclude: string[] = [], limit = 5): string[] {
  const stop = STOPWORDS[language] ?? STOPWORDS.en ?? new Set<string>();
  const excluded = new Set(exclude.map((e) => e.toLowerCase()));
  const counts = new Map<string, number>();
  for (const s of sentences) {
    const words = tokenize(s).flatMap((t) => (language === 'fr' ? t.split("'") : [t]));
    let run: string[] = [];
    const flush = () => {
      for (let n = 1; n <= 3; n++)
        for (let i = 0; i + n <= run.length; i++) {
          const phrase = run.slice(i, i + n).join(' ');
          if (!excluded.has(phrase)) counts.set(phrase, (counts.get(phrase) ?? 0) + 1);
        }
      run = [];
    };
    for (const w of words) {
      const content = /^\p{L}[\p{L}-]{2,}$/u.test(w) && !stop.has(w) && !FILLER.has(w) && !excluded.has(w);
      if (content) run.push(w);
      else flush();
    }
    flush();
  }
  const ranked = [...counts.entries()]
    .filter(([p, c]) => c >= 2 || p.includes(' '))
    .sort((a, b) => b[1] * weight(b[0]) - a[1] * weight(a[0]) || b[0].length - a[0].length);
  const out: string[] = [];
  for (const [phrase] of ranked) {
    if (out.some((o) => o.includes(phrase) || phrase.includes(o))) continue;
    out.push(phrase);
    if (out.length >= limit) break;
  }
  return out;
}

function weight(phrase: string): number {
  return 1 + 0.5 * (phrase.split(' ').length - 1);
}
