import * as de from './de.js';
import * as es from './es.js';
import * as fr from './fr.js';
import * as sv from './sv.js';

/** Languages Kiki translates word by word into English search words. */
export type GlossaryLanguage = 'fr' | 'es' | 'de' | 'sv';

/** Fixed sentences Kiki says around a translated search. */
export interface Replies {
  notFound: string;
  closest: string;
  talkToHuman: string;
  englishOnly: string;
  /** Answer to thanks after a reply. */
  thanks: string;
  greeting: string;
  /** Answer to "that's wrong" after a reply. */
  complaint: string;
  /** A follow-up about a subject the documents don't cover for the topic; {subject} is replaced. */
  missingSubject: string;
}

export interface Glossary {
  /** Single foreign word (lower case, accents kept) → space-separated English search words. */
  GLOSSARY: Record<string, string>;
  /** Multi-word foreign expression → English search words; match these before single words. */
  PHRASES: Record<string, string>;
  /** Function words: language detection, and dropped before searching. */
  STOPWORDS: string[];
  REPLIES: Replies;
}

export const GLOSSARIES: Record<GlossaryLanguage, Glossary> = {
  fr: { GLOSSARY: fr.GLOSSARY, PHRASES: fr.PHRASES, STOPWORDS: fr.STOPWORDS, REPLIES: fr.REPLIES },
  es: { GLOSSARY: es.GLOSSARY, PHRASES: es.PHRASES, STOPWORDS: es.STOPWORDS, REPLIES: es.REPLIES },
  de: { GLOSSARY: de.GLOSSARY, PHRASES: de.PHRASES, STOPWORDS: de.STOPWORDS, REPLIES: de.REPLIES },
  sv: { GLOSSARY: sv.GLOSSARY, PHRASES: sv.PHRASES, STOPWORDS: sv.STOPWORDS, REPLIES: sv.REPLIES },
};

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
