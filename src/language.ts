import { franc } from 'franc';
import { GLOSSARY_LANGUAGES, type GlossaryLanguage, glossaryOf } from './assistant/glossary/index.js';

/**
 * Kiki's one language detector, for a question and for a press article alike (it replaced a function-word
 * detector for questions and franc for articles). Each kind of evidence where it is reliable:
 *  - function words (and, a little, workplace words) of English and of the languages Kiki has glossaries for
 *    (src/assistant/glossary): right on a line or two where franc, a trigram model, guesses Danish or Portuguese.
 *    Dev sets, function words vs franc: handbook questions 291 vs 247 of 292, MTRAG questions 143 vs 104 of 144,
 *    DEFT French tweets 2126 vs 2094 of 2163, English financial tweets 754 vs 703 of 955;
 *  - franc, from LONG_TEXT characters on: it knows more languages (an Italian or Dutch article is then not
 *    scored as English) and agrees with the function words on all 24 press articles of the dev set. No dev
 *    question is that long (the longest is 181 characters).
 */
const LONG_TEXT = 200;

// Languages of the coverage Comms reads; limiting franc to them avoids exotic guesses.
const ISO3_TO_1: Record<string, string> = {
  eng: 'en',
  fra: 'fr',
  spa: 'es',
  deu: 'de',
  swe: 'sv',
  ita: 'it',
  nld: 'nl',
  por: 'pt',
  dan: 'da',
  nob: 'no',
  fin: 'fi',
  pol: 'pl',
};

const ENGLISH = new Set(
  `the a an is are do does did can could should would i my me we our you your what how when where which who why
  there this that to of for in on with and or not it be have has get from at by`.split(/\s+/),
);

export const fold = (w: string) => w.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');

/** Words, with elisions split off ("d'essai" → "d", "essai"). */
export function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}-]*/gu) ?? [];
}

export interface PreparedGlossary {
  words: Map<string, string>;
  phrases: [string, string][];
  stop: Set<string>;
}

const prepared = new Map<GlossaryLanguage, PreparedGlossary>();

/** A glossary as lookups: words (and their accent-free forms), phrases longest first, function words. */
export function preparedGlossary(lang: GlossaryLanguage): PreparedGlossary {
  let p = prepared.get(lang);
  if (!p) {
    const g = glossaryOf(lang);
    const words = new Map<string, string>();
    for (const [k, v] of Object.entries(g.glossary)) {
      words.set(k.toLowerCase(), v);
      if (!words.has(fold(k.toLowerCase()))) words.set(fold(k.toLowerCase()), v);
    }
    const phrases = Object.entries(g.phrases)
      .map(([k, v]) => [fold(tokens(k).join(' ')), v] as [string, string])
      .sort((a, b) => b[0].length - a[0].length);
    p = { words, phrases, stop: new Set(g.stopwords.flatMap((w) => tokens(w)).flatMap((w) => [w, fold(w)])) };
    prepared.set(lang, p);
  }
  return p;
}

/** English, or a glossary language when it is clearly ahead; 'und' when the text has no words at all. */
function byFunctionWords(text: string): string {
  const ws = tokens(text);
  if (ws.length === 0) return 'und';
  let best = 'en';
  let bestScore = ws.filter((w) => ENGLISH.has(w)).length;
  for (const lang of GLOSSARY_LANGUAGES) {
    const p = preparedGlossary(lang);
    // Function words weigh most; glossary words (often shared with English: "budget") a little.
    const score = ws.reduce((s, w) => s + (p.stop.has(w) ? 1 : 0) + (p.words.has(w) && !ENGLISH.has(w) ? 0.5 : 0), 0);
    if (score > bestScore + 0.5) {
      best = lang;
      bestScore = score;
    }
  }
  return best;
}

function byTrigrams(text: string): string | undefined {
  return ISO3_TO_1[franc(text.slice(0, 5000), { minLength: 20, only: Object.keys(ISO3_TO_1) })];
}

/** ISO 639-1 code of the text's language; English when a short text has no word that tells, "und" when it has no words. */
export function detectLanguage(text: string): string {
  return (text.length >= LONG_TEXT ? byTrigrams(text) : undefined) ?? byFunctionWords(text);
}

export function isGlossaryLanguage(code: string): code is GlossaryLanguage {
  return (GLOSSARY_LANGUAGES as readonly string[]).includes(code);
}
