/**
 * What kind of fact a question asks for, and how to recognise a sentence that states one. The offline answer
 * puts the sentence that holds the asked-for fact first (an amount for "how much", a duration for "how long").
 */
export type QuestionType = 'amount' | 'duration' | 'when' | 'who' | 'steps' | 'yesno' | 'other';

const TYPES: [QuestionType, RegExp][] = [
  [
    'duration',
    /\bhow long\b|\bhow far in advance\b|\bhow much notice\b|\bhow many business days\b|\bhow many (?:[a-z-]+ )?(?:days|weeks|months|hours|years|minutes)\b|\bhow much time\b|\bduration\b|\bhow soon\b/i,
  ],
  [
    'amount',
    /\bhow much\b|\bcosts?\b|\bprice\b|\bbudget\b|\blimit\b|\ballowance\b|\bstipend\b|\bper ?diem\b|\bspend\b|\bmaximum\b|\bamount\b|\bhow many\b|\bwhat (?:is|are) the (?:rate|fee)s?\b/i,
  ],
  ['when', /^\s*when\b|\bwhat (?:day|date|time)\b|\bdeadline\b|\bby when\b|\bhow often\b|\bwhich day\b/i],
  [
    'who',
    /^\s*(?:who|whom|where)\b|\b(?:which|what) (?:tool|app|application|system|software|platform|channel|team|person|email|address|site|website|portal|form|service)\b|\bwho (?:do|should|can) i\b|\bcontact\b|\bwho to\b/i,
  ],
  [
    'steps',
    /\bhow (?:do|can|should|would) (?:i|we|you)\b|\bhow to\b|\bsteps?\b|\bprocess\b|\bprocedure\b|\bset ?up\b|\binstall\b|\bconfigure\b|\bwhat do i (?:need to )?do\b/i,
  ],
  ['yesno', /^\s*(?:can|may|am|is|are|do|does|should|will|could|must|would|have|has)\b/i],
];

export function questionType(question: string): QuestionType {
  for (const [type, pattern] of TYPES) if (pattern.test(question)) return type;
  return 'other';
}

const NUMBER_WORD =
  '(?:\\d+(?:[.,]\\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fourteen|fifteen|sixteen|twenty|thirty|sixty|ninety)';

const FACT: Record<Exclude<QuestionType, 'steps' | 'other'>, RegExp> = {
  amount:
    /[$€£¥]\s?\d|\d[\d,.]*\s?(?:k\b|USD|EUR|GBP|CAD|AUD|dollars?|euros?|pounds?|%|percent)|\b(?:up to|maximum|max\.?|at most|no more than|limit of|budget of)\s+[$€£]?\d/i,
  duration: new RegExp(
    `\\b${NUMBER_WORD}(?:\\s*(?:-|to|–)\\s*${NUMBER_WORD})?\\s*(?:full |business |working |calendar |consecutive )?(?:days?|weeks?|months?|years?|hours?|minutes?)\\b`,
    'i',
  ),
  when: /\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|august|september|october|november|december|weekly|monthly|quarterly|annually|yearly|every (?:day|week|month|quarter|year|\w+day)|end of (?:the )?(?:day|week|month|quarter|year)|\d{1,2}(?::\d{2})?\s?(?:am|pm)|\d{1,2}(?:st|nd|rd|th)\b|within \d+|before|after|by the)\b/i,
  who: /#[a-z0-9][a-z0-9_-]+|@[a-z][\w.-]+|\b[\w.+-]+@[\w-]+\.[\w.]+|https?:\/\/|\b(?:team|channel|email|contact|reach out|ask|manager|people partner|slack)\b/i,
  yesno:
    /\b(?:can(?:not|'t)?|may(?: not)?|must(?: not)?|(?:not )?allowed|only|required|prohibited|permitted|eligible|not|never|always|yes|no)\b/i,
};

/** Does the sentence state the kind of fact the question asks for? */
export function statesFact(type: QuestionType, sentence: string): boolean {
  if (type === 'steps' || type === 'other') return false;
  return FACT[type].test(sentence);
}

/** Where the asked-for fact sits in a sentence (to bold it), for the kinds of fact a pattern can find. */
export function factSpan(type: QuestionType, sentence: string): [number, number] | undefined {
  if (type !== 'amount' && type !== 'duration' && type !== 'when' && type !== 'who') return undefined;
  const pattern = type === 'who' ? /#[a-z0-9][a-z0-9_-]+|\b[\w.+-]+@[\w-]+\.[\w.]+/i : FACT[type];
  const m = pattern.exec(sentence);
  if (!m || m[0].trim().length < 2) return undefined;
  const start = m.index + (m[0].length - m[0].trimStart().length);
  const end = m.index + m[0].trimEnd().length;
  // "$2" of "$2,000 per year": the whole number.
  const rest = /^[\d,.]*\d/.exec(sentence.slice(end));
  return [start, end + (rest ? rest[0].length : 0)];
}
