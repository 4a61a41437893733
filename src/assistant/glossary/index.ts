import { z } from 'zod';
import { loadDataFile } from '../../data-file.js';

/**
 * Kiki's workplace glossaries, one JSON file per language (fr.json, es.json, de.json, sv.json), original data
 * written for Kiki: foreign word → English search words for the word-by-word query translation. Keys are lower
 * case and keep their accents (German nouns lower-cased, umlauts and ß kept; Swedish definite forms people type,
 * "semestern", listed as their own keys; Spanish covers Spain and Latin America; common German compounds are
 * listed whole); values are the English words a company handbook would use.
 */

/** Languages Kiki translates word by word into English search words. */
export const GLOSSARY_LANGUAGES = ['fr', 'es', 'de', 'sv'] as const;
export type GlossaryLanguage = (typeof GLOSSARY_LANGUAGES)[number];

/** Fixed sentences Kiki says around a translated search. */
const repliesSchema = z.strictObject({
  notFound: z.string().min(1),
  closest: z.string().min(1),
  talkToHuman: z.string().min(1),
  englishOnly: z.string().min(1),
  /** Answer to thanks after a reply. */
  thanks: z.string().min(1),
  greeting: z.string().min(1),
  /** Answer to "that's wrong" after a reply. */
  complaint: z.string().min(1),
  /** A follow-up about a subject the documents don't cover for the topic; {subject} is replaced. */
  missingSubject: z.string().includes('{subject}'),
});
export type Replies = z.infer<typeof repliesSchema>;

const glossarySchema = z.strictObject({
  /** Single foreign word (lower case, accents kept) → space-separated English search words. */
  glossary: z.record(z.string().min(1), z.string().min(1)),
  /** Multi-word foreign expression → English search words; match these before single words. */
  phrases: z.record(z.string().min(1), z.string().min(1)),
  /** Function words: language detection, and dropped before searching. */
  stopwords: z.array(z.string().min(1)),
  replies: repliesSchema,
});
export type Glossary = z.infer<typeof glossarySchema>;

const loaded = new Map<GlossaryLanguage, Glossary>();

/** The language's glossary, read from its JSON file the first time it is needed. */
export function glossaryOf(lang: GlossaryLanguage): Glossary {
  let g = loaded.get(lang);
  if (!g) {
    g = loadDataFile(new URL(`./${lang}.json`, import.meta.url), glossarySchema);
    loaded.set(lang, g);
  }
  return g;
}

export const REPLIES_EN: Replies = {
  notFound: "I couldn't find this in our documents, and I'd rather say so than guess.",
  closest: "I'm not sure the documents answer this exactly. The closest I found:",
  talkToHuman: 'A person from the team that owns the topic can help: press *Talk to a human*.',
  englishOnly:
    'Our documents are in English; I searched them with a word-by-word translation of your question, so the quotes below are in English.',
  thanks: "You're welcome! Ask me anything else about how we work.",
  greeting: 'Hi! Ask me a question about how we work, for example _"How do I submit an expense claim?"_',
  complaint:
    'Sorry about that. I answer only from our documents, and they may be wrong or out of date: press *Talk to a human* and the team that owns the topic will check, or ask again in other words.',
  missingSubject: "The documents I found don't say anything about {subject} for this.",
};
