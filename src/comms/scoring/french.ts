// One French clause scored from the press lexicon: multi-word expressions first, then words, with the scope of
// "ne … pas / plus / jamais / guère / aucun / rien" running to the end of the clause.
import { frIntensity, frValence } from './lexicon-fr.js';
import { findPhrases, words } from './phrases.js';
import { isPunct } from './text.js';

// Negators that need "ne" ("plus de clients" is more clients, "guère" is literary); the others stand alone too
// ("pas de croissance", "jamais rentable", "aucun progrès", "sans succès").
const WITH_NE = new Set(['pas', 'plus', 'guère', 'point', 'nullement', 'rien', 'jamais', 'aucun', 'aucune']);
const ALONE = new Set(['pas', 'jamais', 'aucun', 'aucune', 'ni', 'non']);
// Words that open a new clause and end a negation's scope.
const CLAUSE_BREAK = new Set(['mais', 'car', 'qui', 'tandis', 'alors', 'donc', 'puis', 'lorsque', 'quand']);
/** A positive word inside the scope flips; a negative one keeps its sign unless it is the negated word itself. */
export const FR_NEGATION = { flipPositive: 0.75, flipFirstNegative: 0.5, firstWithin: 2, sansScope: 3 };

export function scoreFrenchClause(text: string, opts: { counterfactual?: boolean } = {}): number {
  const tokens = words(text, 'fr');
  const phrases = new Map(findPhrases(tokens, 'fr').map((p) => [p.start, p]));
  const values: number[] = [];
  let neAt = -1;
  let inScope = false;
  let sans = 0;
  let firstInScope = false;
  let negatorAt = -10;
  let boost = 1;
  let at = 0;
  const push = (raw: number) => {
    let v = raw * boost;
    if (inScope || sans > 0) {
      // "pas un échec" negates the failure; "pas compensé la perte" leaves the loss a loss.
      if (v > 0) v *= -FR_NEGATION.flipPositive;
      else if (firstInScope && at - negatorAt <= FR_NEGATION.firstWithin) v *= -FR_NEGATION.flipFirstNegative;
      firstInScope = false;
    }
    values.push(v);
    boost = 1;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as string;
    at = i;
    if (isPunct(t) || CLAUSE_BREAK.has(t)) {
      neAt = -1;
      inScope = false;
      sans = 0;
      boost = 1;
      continue;
    }
    const phrase = phrases.get(i);
    if (phrase) {
      push(phrase.valence);
      i = phrase.end - 1;
      if (sans > 0) sans--;
      continue;
    }
    if (t === 'ne' || t === 'n') {
      neAt = values.length;
      continue;
    }
    if ((neAt >= 0 && WITH_NE.has(t)) || (neAt < 0 && ALONE.has(t) && !inScope)) {
      // "ne convainc guère": what stood between "ne" and the negator is negated too.
      for (let k = Math.max(0, neAt); neAt >= 0 && k < values.length; k++) {
        const v = values[k] as number;
        values[k] = v > 0 ? -v * FR_NEGATION.flipPositive : v;
      }
      // A negated counterfactual ("les gains n'auraient pas compensé…"): the hoped-for subject did not count.
      if (opts.counterfactual)
        for (let k = 0; k < Math.max(0, neAt); k++) if ((values[k] as number) > 0) values[k] = (values[k] as number) * 0.3;
      inScope = true;
      firstInScope = true;
      negatorAt = i;
      neAt = -1;
      continue;
    }
    if (t === 'sans') {
      sans = FR_NEGATION.sansScope;
      firstInScope = true;
      negatorAt = i;
      continue;
    }
    const intensity = frIntensity(t);
    if (intensity !== undefined) {
      boost = intensity;
      continue;
    }
    const v = frValence(t);
    if (v !== undefined) push(v);
    if (sans > 0) sans--;
  }
  const sum = values.reduce((a, b) => a + b, 0);
  return sum / Math.sqrt(sum * sum + 6);
}
