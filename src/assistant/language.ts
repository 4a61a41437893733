import { GLOSSARY_LANGUAGES, glossaryOf, REPLIES_EN } from './glossary/index.js';

/**
 * Questions in French, Spanish, German or Swedish over English documents, offline: the language is told by its
 * function words, and the question is turned into English search words with Kiki's own workplace glossaries
 * (src/assistant/glossary/*.json, written for Kiki). Replies are framed in the asker's language; the quotes stay
 * in the documents' words, and the reply says so.
 */
export type Language = 'en' | 'fr' | 'es' | 'de' | 'sv';
type Foreign = Exclude<Language, 'en'>;
export type ReplyKey = keyof typeof REPLIES_EN;

const ENGLISH = new Set(
  `the a an is are do does did can could should would i my me we our you your what how when where which who why
  there this that to of for in on with and or not it be have has get from at by`.split(/\s+/),
);

const fold = (w: string) => w.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');

/** Words, with elisions split off ("d'essai" → "d", "essai"). */
function tokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{N}-]*/gu) ?? [];
}

interface Prepared {
  words: Map<string, string>;
  phrases: [string, string][];
  stop: Set<string>;
}

const prepared = new Map<string, Prepared>();

function prepare(lang: Foreign): Prepared {
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

/** The question's language among those Kiki has glossaries for; English unless another is clearly ahead. */
export function questionLanguage(text: string): Language {
  const ws = tokens(text);
  if (ws.length === 0) return 'en';
  let best: Language = 'en';
  let bestScore = ws.filter((w) => ENGLISH.has(w)).length;
  for (const lang of GLOSSARY_LANGUAGES) {
    const p = prepare(lang);
    // Function words weigh most; glossary words (often shared with English: "budget") a little.
    const score = ws.reduce((s, w) => s + (p.stop.has(w) ? 1 : 0) + (p.words.has(w) && !ENGLISH.has(w) ? 0.5 : 0), 0);
    if (score > bestScore + 0.5) {
      best = lang;
      bestScore = score;
    }
  }
  return best;
}

/**
 * English search words for a question in another language: its multi-word expressions and words looked up in
 * the glossary (accents optional, then a shared prefix for inflections), function words dropped, other words
 * (names, acronyms: "VPN", "Okta") kept as they are.
 */
export function englishQuery(text: string, lang: Language): string {
  if (lang === 'en') return text;
  const p = prepare(lang);
  let rest = ` ${fold(tokens(text).join(' '))} `;
  const out: string[] = [];
  for (const [phrase, english] of p.phrases) {
    if (rest.includes(` ${phrase} `)) {
      out.push(english);
      rest = rest.split(` ${phrase} `).join(' ');
    }
  }
  for (const w of rest.trim().split(/\s+/).filter(Boolean)) {
    if (p.stop.has(w)) continue;
    const direct = p.words.get(w);
    if (direct) {
      out.push(direct);
      continue;
    }
    const near = nearest(p, w);
    if (near) out.push(near);
    else if (w.length > 1) out.push(w);
  }
  return out.join(' ');
}

/** A glossary word sharing a long prefix with an inflected form ("remboursements" → "remboursement"). */
function nearest(p: Prepared, w: string): string | undefined {
  if (w.length < 5) return undefined;
  let best: string | undefined;
  let bestLen = 0;
  for (const [k, v] of p.words) {
    if (k.length < 4) continue;
    let n = 0;
    while (n < k.length && n < w.length && k[n] === w[n]) n++;
    if (n >= Math.max(4, Math.min(k.length, w.length) - 2) && n > bestLen) {
      best = v;
      bestLen = n;
    }
  }
  return best;
}

/** Kiki's own sentences in the asker's language. */
export function reply(lang: Language, key: ReplyKey): string {
  if (lang === 'en') return REPLIES_EN[key];
  return glossaryOf(lang).replies[key];
}
