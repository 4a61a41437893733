import fs from 'node:fs';
import { LinearClassifier, linearModelSchema } from './classifier.js';
import { enFeatures, lexiconFromFeatures } from './features-en.js';
import { FR_INTENSIFIERS, FR_NEGATORS, frValence } from './lexicon-fr.js';
import { isPunct, tokenize } from './text.js';

/** Languages the offline scorer handles well; others get a lexicon-free neutral score and a note. */
export const OFFLINE_LANGUAGES = ['en', 'fr'] as const;

// "X, but Y": the reader keeps Y. Weights measured on nothing fancier than VADER's practice (Hutto & Gilbert 2014).
const CONTRAST: Record<string, RegExp> = {
  en: /\b(?:but|however|nevertheless|nonetheless|yet)\b/i,
  fr: /\b(?:mais|cependant|toutefois|pourtant|néanmoins|neanmoins)\b/i,
};
const BEFORE_WEIGHT = 0.3;
const AFTER_WEIGHT = 0.7;

/** Sentences scoring at least this are opinions, in every language (see analyze.ts). */
export const OPINION_THRESHOLD = 0.2;

let english: { model: LinearClassifier; blend: number; threshold: number } | undefined;

function englishModel() {
  if (!english) {
    const file = linearModelSchema.parse(JSON.parse(fs.readFileSync(new URL('./model-en.json', import.meta.url), 'utf8')));
    english = {
      model: new LinearClassifier(file),
      blend: file.hyperparameters.blend ?? 1,
      threshold: file.hyperparameters.threshold ?? OPINION_THRESHOLD,
    };
  }
  return english;
}

/**
 * Score of one English clause: the shipped classifier's P(positive) - P(negative), blended with the AFINN
 * lexicon score (weights chosen by scripts/train-sentiment.ts), then rescaled so that the model's own
 * decision threshold lands on OPINION_THRESHOLD.
 */
export function scoreEnglishClause(text: string): number {
  const { model, blend, threshold } = englishModel();
  const features = enFeatures(text);
  const [neg, pos] = model.predict(features);
  const v = blend * (pos - neg) + (1 - blend) * lexiconFromFeatures(features);
  const a = Math.abs(v);
  const scaled =
    a <= threshold
      ? a * (OPINION_THRESHOLD / threshold)
      : OPINION_THRESHOLD + ((a - threshold) * (1 - OPINION_THRESHOLD)) / (1 - threshold);
  return Math.sign(v) * scaled;
}

/** Score of one French clause from the press lexicon, with "ne … pas", "sans" and intensifiers. */
export function scoreFrenchClause(text: string): number {
  const tokens = tokenize(text).flatMap((t) => t.split("'").filter(Boolean));
  const values: number[] = [];
  let neStart = -1;
  let negScope = 0;
  let boost = 1;
  for (const t of tokens) {
    if (isPunct(t)) {
      neStart = -1;
      negScope = 0;
      boost = 1;
      continue;
    }
    if (t === 'ne' || t === 'n') {
      neStart = values.length;
      continue;
    }
    if (FR_NEGATORS.has(t)) {
      // "n'a pas convaincu": flip what stood between "ne" and "pas", and what follows.
      if (neStart >= 0) for (let i = neStart; i < values.length; i++) values[i] = -(values[i] as number) * 0.75;
      neStart = -1;
      negScope = 3;
      continue;
    }
    const intensity = FR_INTENSIFIERS[t];
    if (intensity !== undefined) {
      boost = intensity;
      continue;
    }
    const v = frValence(t);
    if (v !== undefined) {
      values.push(v * boost * (negScope > 0 ? -0.75 : 1));
      boost = 1;
    }
    if (negScope > 0) negScope--;
  }
  const sum = values.reduce((a, b) => a + b, 0);
  return sum / Math.sqrt(sum * sum + 6);
}

/** A sentence's score in [-1, 1]; the clause after a contrast word weighs more than the one before. */
export function scoreSentenceOffline(text: string, language: string): number {
  const clause = language === 'fr' ? scoreFrenchClause : language === 'en' ? scoreEnglishClause : undefined;
  if (!clause) return 0;
  const contrast = CONTRAST[language];
  const m = contrast ? contrast.exec(text) : null;
  if (!m || m.index < 8) return clamp(clause(text));
  const before = clause(text.slice(0, m.index));
  const after = clause(text.slice(m.index + m[0].length));
  return clamp(BEFORE_WEIGHT * before + AFTER_WEIGHT * after);
}

function clamp(v: number): number {
  return Math.max(-1, Math.min(1, v));
}
