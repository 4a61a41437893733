import fs from 'node:fs';
import { LinearClassifier, linearModelSchema } from './classifier.js';
import { applyCues, cuesOf, splitClauses } from './clauses.js';
import { enFeatures, isNegator, lexiconFromFeatures } from './features-en.js';
import { scoreFrenchClause } from './french.js';
import { findPhrases, words } from './phrases.js';

/** Languages the offline scorer handles well; others get a lexicon-free neutral score and a note. */
export const OFFLINE_LANGUAGES = ['en', 'fr'] as const;

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

/** English press expressions ("data breach", "walk back") added to the model's reading of the clause. */
export const EN_TUNING = { phraseWeight: 0.25 };

function englishPhrases(text: string): number {
  const tokens = words(text, 'en');
  let sum = 0;
  for (const p of findPhrases(tokens, 'en')) {
    const negated = tokens.slice(Math.max(0, p.start - 3), p.start).some(isNegator);
    sum += negated ? -0.75 * p.valence : p.valence;
  }
  return sum;
}

function clauseScore(text: string, language: string): number {
  const cues = cuesOf(text, language);
  if (language === 'fr')
    return applyCues(scoreFrenchClause(text, { counterfactual: cues.counterfactual }), { ...cues, counterfactual: false });
  return applyCues(clamp(scoreEnglishClause(text) + EN_TUNING.phraseWeight * englishPhrases(text)), cues);
}

/** A sentence's score in [-1, 1]: its clauses scored one by one, the clause after a turn weighing more. */
export function scoreSentenceOffline(text: string, language: string): number {
  if (language !== 'fr' && language !== 'en') return 0;
  const clauses = splitClauses(text, language);
  return clamp(clauses.reduce((sum, c) => sum + c.weight * clauseScore(c.text, language), 0));
}

function clamp(v: number): number {
  return Math.max(-1, Math.min(1, v));
}
