// Press framing: words the outlet uses to set the stance of a story ("under fire", "backlash", "U-turn").
// They are read as the stance they carry, whatever the lexicon says about the words one by one
// ("U-turn" is two neutral words, "fire" in "under fire" is not about a blaze).

const CUES: Record<string, [RegExp, number][]> = {
  en: [
    [/\bunder fire\b/i, -1],
    [/\bback(?:-| )?lash(?:es)?\b/i, -1],
    [/\bu-?turns?\b/i, -0.8],
    [/\bclimb(?:s|ed)? down\b|\bclimbdown\b|\bbacktrack(?:s|ed|ing)?\b/i, -0.8],
    [/\bcriticism\b|\bcriticis(?:e|ed|es|ing)\b|\bcriticiz(?:e|ed|es|ing)\b|\bcritics\b/i, -0.8],
    [/\bcomplaints?\b|\bcomplain(?:s|ed|ing)?\b/i, -0.7],
    [/\boutcry\b|\buproar\b|\bfurore\b|\bfuror\b|\bfirestorm\b/i, -1],
    [/\bslamm?(?:ed|s)?\b|\blambast(?:s|ed)?\b|\bblast(?:s|ed)\b/i, -0.8],
    [/\bscrutiny\b|\bunder pressure\b|\bembattled\b|\bbeleaguered\b|\bin hot water\b/i, -0.8],
    [/\bcontrovers(?:y|ial)\b|\brow over\b|\bboycott\w*\b/i, -0.7],
    [/\binquiry\b|\bprobe\b|\binvestigation\b|\brecall(?:s|ed)?\b/i, -0.5],
    [/\bhail(?:s|ed)\b|\bpraised?\b|\bplaudits\b|\bwins? over\b/i, 0.7],
  ],
  fr: [
    [/\bsous le feu des critiques\b|\bfeu des critiques\b/i, -1],
    [/\btollé\b|\blevée de boucliers\b|\bbronca\b|\bfronde\b/i, -1],
    [/\bvolte-face\b|\brétropédal\w*\b|\bmachine arrière\b|\bmarche arrière\b/i, -0.8],
    [/\bcritiques?\b|\bcritiqu(?:é|ée|és|ées|ent)\b/i, -0.8],
    [/\bplaintes?\b|\bse plaign\w*\b|\bgrogne\b|\bcolère\b/i, -0.7],
    [/\bpolémiques?\b|\bcontroverse\b|\bbad buzz\b|\bscandale\b|\bboycott\w*\b/i, -0.8],
    [/\bépingl(?:é|ée|és|ées|e)\b|\bmis(?:e)? en cause\b|\bdans la tourmente\b|\bdans le viseur\b|\bsous pression\b/i, -0.8],
    [/\benquête\b|\brappel\b|\brappelle\b/i, -0.5],
    [/\bsalu(?:é|ée|és|ées|ent)\b|\bplébiscit\w*\b|\bsaluée?s? par\b/i, 0.7],
  ],
};

/** Sum of the framing cues of one sentence (negative for critical framing), in about [-2, 1.5]. */
export function framingStance(sentence: string, language: string): number {
  const cues = CUES[language] ?? CUES.en ?? [];
  let sum = 0;
  for (const [re, v] of cues) if (re.test(sentence)) sum += v;
  return Math.max(-2, Math.min(1.5, sum));
}
