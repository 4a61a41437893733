// Clause-level reading shared by French and English: where a sentence turns ("mais", "but", "même si",
// "although"), claims and promises the outlet reports rather than endorses ("ont fièrement affirmé", "had
// promised"), hedged conditionals ("pourrait", "could") and negated counterfactuals ("n'auraient pas compensé",
// "would not have offset"), which say that what was hoped for did not happen.

export interface Clause {
  text: string;
  weight: number;
}

const CONTRAST: Record<string, RegExp> = {
  en: /\b(?:but|however|nevertheless|nonetheless|yet|although|though)\b/i,
  fr: /\b(?:mais|cependant|toutefois|pourtant|néanmoins|neanmoins|quoique)\b/i,
};
// A sentence that opens on a concession: the main clause after the first comma is what the reader keeps.
const CONCESSIVE: Record<string, RegExp> = {
  en: /^\s*(?:although|though|even though|even if|while|despite|in spite of)\b/i,
  fr: /^\s*(?:même si|bien que|bien qu['’]|malgré|alors que|quoique)\b/i,
};
/** Weights of the clause before and after the turn (VADER's practice, Hutto & Gilbert 2014). */
export const TURN_WEIGHTS = { before: 0.3, after: 0.7 };

export function splitClauses(sentence: string, language: string): Clause[] {
  const concessive = CONCESSIVE[language];
  const comma = sentence.indexOf(',');
  if (concessive?.test(sentence) && comma > 0 && comma < sentence.length - 8) {
    return [
      { text: sentence.slice(0, comma), weight: TURN_WEIGHTS.before },
      { text: sentence.slice(comma + 1), weight: TURN_WEIGHTS.after },
    ];
  }
  const contrast = CONTRAST[language];
  const m = contrast ? contrast.exec(sentence) : null;
  if (!m || m.index < 8) return [{ text: sentence, weight: 1 }];
  return [
    { text: sentence.slice(0, m.index), weight: TURN_WEIGHTS.before },
    { text: sentence.slice(m.index + m[0].length), weight: TURN_WEIGHTS.after },
  ];
}

/** True when a sentence opens on a turn ("Mais…", "But…"): it outweighs the sentence before it. */
export function opensOnTurn(sentence: string, language: string): boolean {
  const re = language === 'fr' ? /^\s*(?:mais|cependant|toutefois|pourtant|néanmoins)\b/i : /^\s*(?:but|however|yet|still)\b/i;
  return re.test(sentence);
}

const CLAIM: Record<string, RegExp> = {
  en: /\b(?:proudly|boast(?:s|ed|ing)?|tout(?:s|ed|ing)|(?:had |once )?promised|(?:had )?claimed|insisted|vowed|pledged)\b/i,
  fr: /\b(?:fièrement|se targu\w*|vant(?:ait|aient|é|ée)|(?:avai(?:en)?t )?promis|promet(?:tent)?|promettai(?:en)?t|(?:avai(?:en)?t )?(?:affirmé|assuré)|présentai(?:en)?t comme|se félicit\w*)\b/i,
};
const HEDGE: Record<string, RegExp> = {
  en: /\b(?:could|would|might|if)\b/i,
  fr: /\b(?:pourrai(?:en)?t|devrai(?:en)?t|serai(?:en)?t|aurai(?:en)?t|permettrai(?:en)?t)\b/i,
};
const COUNTERFACTUAL: Record<string, RegExp> = {
  en: /\b(?:would|could)(?: not|n't) have\b|\bwould have been better\b/i,
  fr: /\bn['’]?\s*(?:aurai(?:en)?t|serai(?:en)?t|pourrai(?:en)?t)\s+(?:pas|jamais|guère|plus)\b|\baurai(?:en)?t dû\b/i,
};

export interface ClauseCues {
  /** Positive content is someone's claim or promise, reported: it is not the outlet's stance. */
  claim: boolean;
  /** A conditional: what might be, not what is. */
  hedge: boolean;
  /** A negated counterfactual: what was hoped for did not happen. */
  counterfactual: boolean;
}

export function cuesOf(clause: string, language: string): ClauseCues {
  const lang = language === 'fr' ? 'fr' : 'en';
  const counterfactual = (COUNTERFACTUAL[lang] as RegExp).test(clause);
  return {
    claim: (CLAIM[lang] as RegExp).test(clause),
    hedge: !counterfactual && (HEDGE[lang] as RegExp).test(clause),
    counterfactual,
  };
}

/** Factors chosen on the development sets (docs/benchmarks.md). */
export const CUE_TUNING = { claimPositive: 0.3, hedge: 0.6, counterfactualFlip: 0.7 };

/** A clause's raw score adjusted for its cues. */
export function applyCues(score: number, cues: ClauseCues): number {
  let v = score;
  if (cues.claim && v > 0) v *= CUE_TUNING.claimPositive;
  if (cues.hedge) v *= CUE_TUNING.hedge;
  if (cues.counterfactual && v > 0) v = -v * CUE_TUNING.counterfactualFlip;
  return v;
}
