/** What the asker's words say beyond the question: they want a person, or they are running out of patience. */

const HUMAN =
  /\b(talk|speak|chat|get|connect)\s+(me\s+)?(to|with)\s+(a\s+|an\s+|some\s*one|somebody)?\s*(human|person|people|someone|somebody|agent|representative|real person)\b|\breal (person|human)\b|\bhuman,? please\b|\bescalate\b/i;

const FRUSTRATED =
  /\b(useless|not helpful|unhelpful|doesn'?t help|didn'?t help|not what i asked|wrong answer|that'?s wrong|you'?re wrong|ridiculous|frustrat\w*|annoying|stupid|waste of time|again\?!|ugh+|come on|seriously\?)\b|[!?]{3,}/i;

export function wantsHuman(text: string): boolean {
  return HUMAN.test(text);
}

export function soundsFrustrated(text: string): boolean {
  if (FRUSTRATED.test(text)) return true;
  const letters = text.replace(/[^A-Za-z]/g, '');
  return letters.length >= 12 && letters === letters.toUpperCase();
}

export type TurnKind = 'question' | 'thanks' | 'greeting' | 'complaint';

const THANKS =
  /^(?:(?:ok(?:ay)?|great|perfect|awesome|cool|nice|brilliant|super|got it|makes sense|that helps|that helped|helpful|understood|all good|good)[\s,.!]*)*(?:thanks?(?: you| a lot| so much)?|thx|ty|cheers|merci(?: beaucoup)?|gracias|danke(?: schön)?|tack(?: så mycket)?)?[\s,.!:)😀🙏👍]*$/iu;
const GREETING =
  /^(?:hi|hello|hey|hiya|yo|good (?:morning|afternoon|evening)|bonjour|salut|hola|buenos días|hallo|guten (?:morgen|tag)|hej|hejsan)(?:\s+(?:kiki|there|all|everyone))?[\s,.!:)👋]*$/iu;
const COMPLAINT =
  /^(?:no[,.!\s]+)?(?:that'?s|this is|it'?s|you'?re|that is|this was)\s+(?:wrong|incorrect|not (?:right|correct|true|it|what i (?:asked|meant))|outdated|out of date|useless|not helpful)|^(?:wrong|incorrect|nope|not (?:what i asked|helpful|correct|right))\b/i;

/**
 * Thanks, greetings and "that's wrong" are not questions: answering them with quotes from the documents is
 * the kind of reply that makes people stop trusting the tool. A message with a question in it stays a question.
 */
export function classifyTurn(text: string): TurnKind {
  const t = text.trim();
  const words = t.split(/\s+/).filter(Boolean).length;
  if (/\?/.test(t) && !COMPLAINT.test(t)) return 'question';
  if (words <= 6 && /\p{L}/u.test(t) && THANKS.test(t)) return 'thanks';
  if (words <= 5 && GREETING.test(t)) return 'greeting';
  if (words <= 12 && COMPLAINT.test(t) && !/\b(how|what|where|when|which|who|can i|do i|is there)\b/i.test(t)) return 'complaint';
  return 'question';
}

/** Words that carry the asker's mood, not the topic: kept out of the search query. */
const MOOD =
  /\b(?:useless|stupid|ridiculous|annoying|annoyed|frustrat\w*|seriously|honestly|literally|ugh+|argh+|wtf|omg|damn|again|still|urgent(?:ly)?|asap|please|pls|plz|help(?: me)?|anyone|somebody|guys|folks|hey|hi|hello|kiki|quick question|i was wondering|wondering|sorry|thanks?|thank you)\b/gi;

/** The question without mood words, so "VPN broken AGAIN!!!" searches like "VPN broken". */
export function withoutMood(text: string): string {
  const cleaned = text
    .replace(MOOD, ' ')
    .replace(/([!?.])\1+/g, '$1')
    .replace(/\s+([,;:!?.])/g, '$1')
    .replace(/(?:[,;:!.]\s*){2,}/g, ' ')
    .replace(/^[\s,;:!.]+|[\s,;:!.]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length >= 3 ? cleaned : text;
}
