// The outlet's own voice told apart from reported speech: direct quotes ("…" « … ») are the speaker's words,
// not the outlet's stance, and a company's upbeat quote must not outweigh critical coverage. Indirect speech
// ("critics said", "selon") is the outlet choosing what to report, so it keeps more weight.

export type Voice = 'outlet' | 'quote' | 'reported';

const QUOTED = /["“”«»„]\s*[^"“”«»„]{12,}\s*["“”«»„]|^\s*[«"“]/;
const REPORTING: Record<string, RegExp> = {
  en: /\b(said|says|told|according to|added|explained|insisted|argued|claimed|stated|noted|warned|commented)\b/i,
  fr: /\b(a déclaré|a indiqué|a expliqué|a affirmé|a assuré|a ajouté|a précisé|a souligné|a reconnu|a estimé|selon|d'après|déclare|affirme|explique|assure|estime|souligne|précise|ajoute|a-t-(il|elle) (dit|déclaré|ajouté|expliqué|assuré|affirmé))\b/i,
};

export function voiceOf(sentence: string, language: string): Voice {
  if (QUOTED.test(sentence)) return 'quote';
  return (REPORTING[language] ?? REPORTING.en ?? /$^/).test(sentence) ? 'reported' : 'outlet';
}

const NAME = /(?<![\p{L}])(\p{Lu}[\p{Ll}'’-]+(?:[ -]\p{Lu}[\p{Ll}'’-]+){1,2})(?![\p{L}])/gu;
const NOT_NAMES =
  /^(The|A|An|Le|La|Les|Un|Une|Mr|Mrs|Ms|M|Mme|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|Lundi|Mardi|Mercredi|Jeudi|Vendredi|Samedi|Dimanche|January|February|March|April|May|June|July|August|September|October|November|December)\b/;

/**
 * People quoted in a sentence of reported speech: capitalised names of two or three words outside the quoted
 * words, other than the brand and competitor names (which are organisations, not spokespeople).
 */
export function speakersOf(sentence: string, exclude: string[]): string[] {
  const outside = sentence.replace(/["“«„][^"“”«»„]*["”»]/g, ' … ');
  const excluded = exclude.map((e) => e.toLowerCase());
  const out: string[] = [];
  for (const m of outside.matchAll(NAME)) {
    const name = (m[1] as string).trim();
    if (NOT_NAMES.test(name) || excluded.some((e) => name.toLowerCase().includes(e) || e.includes(name.toLowerCase()))) continue;
    if (m.index === 0 && !/\b(said|says|a déclaré|affirme|explique)\b/i.test(outside.slice(name.length, name.length + 40))) continue;
    out.push(name);
  }
  return out;
}
