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
