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
  "its it's their there said says told reported reports reporting report added noted according year years week month today yesterday also would could will new one two first last per cent percent mr mrs ms company companies firm group "
    .concat(
      'selon déclaré indiqué indique affirme affirmé explique expliqué rapporte rapporté précisé ajouté année années mois semaine aujourdhui hier également ainsi cette cet ces depuis société entreprise groupe sera seront',
    )
    .split(/\s+/),
);

/** Key phrases of a text: its press topics (see TOPICS), then runs of one or two content words, ranked by frequency, longer phrases first on ties. */
export function extractThemes(sentences: string[], language: string, exclude: string[] = [], limit = 5): string[] {
  const stop = STOPWORDS[language] ?? STOPWORDS.en ?? new Set<string>();
  const excluded = new Set(exclude.flatMap((e) => [e.toLowerCase(), ...e.toLowerCase().split(/\s+/)]));
  const counts = new Map<string, number>();
  for (const s of sentences) {
    const words = tokenize(s).flatMap((t) => (language === 'fr' ? t.split("'") : [t]));
    let run: string[] = [];
    const flush = () => {
      for (let n = 1; n <= 2; n++)
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
    .filter(([, c]) => c >= 2)
    .sort((a, b) => b[1] * weight(b[0]) - a[1] * weight(a[0]) || b[0].length - a[0].length);
  const out: string[] = topicsOf(sentences.join(' ')).slice(0, 3);
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

/**
 * Topics press coverage of a company keeps coming back to, with English and French cues, so that the
 * report can count a theme across articles and languages ("layoffs" in English and French coverage alike).
 */
const TOPICS: [string, RegExp][] = [
  ['financial results', /\b(revenue|profit|earnings|results|margin|quarter|chiffre d'affaires|bénéfice|résultats|marge|trimestre)/i],
  [
    'layoffs and jobs',
    /\b(layoffs?|job cuts?|cut \d+ jobs|redundanc|hiring|hire|licenci|suppressions? de postes|plan social|embauch|recrut)/i,
  ],
  ['outage and reliability', /\b(outage|downtime|failure|reliab|panne|dysfonctionnement|fiabl)/i],
  ['customer complaints', /\b(complain|complaints|angry customers|plainte|se plaign|colère|mécontent|réclamation)/i],
  ['customer service', /\b(customer (support|service)|support lines|service client|support répond)/i],
  ['fees and pricing', /\b(fees?|pricing|prices?|charges|frais|tarif)/i],
  ['regulation and legal', /\b(regulator|fine[ds]?|investigation|lawsuit|probe|régulateur|amende|enquête|sanction|procès)/i],
  ['product launch', /\b(launch|new (app|product|account|service|card)|lancement|lance|nouvelle offre|nouveau service)/i],
  ['strategy', /\b(strategy|strategic|expansion|partnership|stratégi|expansion|partenariat)/i],
  [
    'funding and investors',
    /\b(funding|investors?|raise[ds]? \d|valuation|ipo|shares?|levée de fonds|investisseurs|bourse|introduction en bourse)/i,
  ],
  ['security and fraud', /\b(fraud|hack|breach|cyberattack|data leak|fraude|piratage|cyberattaque|fuite de données)/i],
  ['leadership', /\b(ceo|chief executive|cfo|founder|resign|directeur général|pdg|dirigeant|démission)/i],
];

export function topicsOf(text: string): string[] {
  return TOPICS.map(([name, re]) => ({ name, hits: (text.match(new RegExp(re.source, 'gi')) ?? []).length }))
    .filter((t) => t.hits > 0)
    .sort((a, b) => b.hits - a.hits)
    .map((t) => t.name);
}
