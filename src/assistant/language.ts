import { detectLanguage, fold, isGlossaryLanguage, type PreparedGlossary, preparedGlossary, tokens } from '../language.js';
import { glossaryOf, REPLIES_EN } from './glossary/index.js';

/**
 * Questions in French, Spanish, German or Swedish over English documents, offline: the language is told by
 * src/language.ts, and the question is turned into English search words with Kiki's own workplace glossaries
 * (src/assistant/glossary/*.json, written for Kiki). Replies are framed in the asker's language; the quotes stay
 * in the documents' words, and the reply says so.
 */
export type Language = 'en' | 'fr' | 'es' | 'de' | 'sv';
export type ReplyKey = keyof typeof REPLIES_EN;

/** The question's language among those Kiki has glossaries for; English otherwise (src/language.ts tells). */
export function questionLanguage(text: string): Language {
  const code = detectLanguage(text);
  return isGlossaryLanguage(code) ? code : 'en';
}

/**
 * English search words for a question in another language: its multi-word expressions and words looked up in
 * the glossary (accents optional, then a shared prefix for inflections), function words dropped, other words
 * (names, acronyms: "VPN", "Okta") kept as they are.
 */
export function englishQuery(text: string, lang: Language): string {
  if (lang === 'en') return text;
  const p = preparedGlossary(lang);
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
function nearest(p: PreparedGlossary, w: string): string | undefined {
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
