import { franc } from 'franc';

// Languages of the coverage Comms reads; limiting franc to them avoids exotic guesses on short texts.
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

/** ISO 639-1 code of the text's language, or "und" when it is too short to tell. */
export function detectLanguage(text: string): string {
  const code = franc(text.slice(0, 5000), { minLength: 20, only: Object.keys(ISO3_TO_1) });
  return ISO3_TO_1[code] ?? 'und';
}
