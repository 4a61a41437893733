import { describe, expect, it } from 'vitest';
import { analyzeOffline, headlineWeight, prepareArticle } from '../../src/comms/analyze.js';
import { fromPlainText } from '../../src/comms/intake/index.js';
import { buildMarkdown } from '../../src/comms/render/markdown.js';
import { buildReport } from '../../src/comms/report.js';
import { applyCues } from '../../src/comms/scoring/clauses.js';
import { scoreSentenceOffline } from '../../src/comms/scoring/offline.js';
import { findPhrases, words } from '../../src/comms/scoring/phrases.js';

// Our own sentences, written from patterns seen in French and English business coverage.
const fr = (s: string) => scoreSentenceOffline(s, 'fr');
const en = (s: string) => scoreSentenceOffline(s, 'en');
const analyze = (text: string) => analyzeOffline(prepareArticle(fromPlainText(text, 'test')), ['Acme Pay']);

describe('French negation scope', () => {
  it('"ne … plus / guère / jamais" negate the predicate, wherever the verb stands', () => {
    expect(fr('Le marché français est un eldorado pour Acme Pay.')).toBeGreaterThan(0.2);
    expect(fr("Le marché français n'est plus un eldorado pour Acme Pay.")).toBeLessThan(-0.2);
    expect(fr('La nouvelle application ne convainc guère les commerçants.')).toBeLessThan(-0.2);
    expect(fr("La fintech n'a jamais réussi à devenir rentable.")).toBeLessThan(-0.2);
  });

  it('a negated verb leaves its negative object negative, and "pas un échec" is not a failure', () => {
    expect(fr("L'entreprise n'a guère communiqué pendant la panne.")).toBeLessThan(-0.2);
    expect(fr("Ce n'est pas un échec.")).toBeGreaterThan(0.2);
  });

  it('"plus" without "ne" is "more", not a negation', () => {
    expect(fr('Il y a de plus en plus de clients satisfaits.')).toBeGreaterThan(0.2);
  });
});

describe('counterfactuals, claims and conditionals', () => {
  it('a negated counterfactual says the hoped-for gain did not happen, in French and English', () => {
    expect(fr('Les gains de productivité n’auraient pas compensé la perte de confiance.')).toBeLessThan(-0.2);
    expect(en('The savings would not have offset the damage to customer trust.')).toBeLessThan(0);
    expect(applyCues(0.5, { claim: false, hedge: false, counterfactual: true })).toBeLessThan(0);
  });

  it("a company's proud claim is reported, not endorsed", () => {
    const plain = fr("L'outil traiterait avec succès 80 % des demandes.");
    const claimed = fr("La direction avait fièrement affirmé que l'outil traiterait avec succès 80 % des demandes.");
    expect(claimed).toBeLessThan(plain * 0.6);
    expect(en('The company had proudly claimed the bot was a great success.')).toBeLessThan(0.3);
  });

  it('a conditional weighs less than a fact', () => {
    expect(fr('Ce partenariat pourrait renforcer la croissance.')).toBeLessThan(fr('Ce partenariat va renforcer la croissance.') * 0.7);
  });
});

describe('contrast and intensity', () => {
  it('after "mais" / "but" the second clause decides', () => {
    expect(fr("Les résultats sont excellents et solides, mais l'application déçoit.")).toBeLessThan(0);
    expect(fr("L'application a déçu, mais les résultats sont excellents et la croissance est solide.")).toBeGreaterThan(0);
    expect(en('Analysts praised the strategy, but revenue collapsed and losses mounted.')).toBeLessThan(0);
    expect(fr('Même si les ventes progressent fortement et la croissance est excellente, les clients se plaignent.')).toBeLessThan(0);
  });

  it('"si faible" is weak quality, not quality', () => {
    expect(fr('Sa qualité est si faible que les commerçants partent.')).toBeLessThan(-0.2);
    expect(fr('Sa qualité est si faible.')).toBeLessThan(fr('Sa qualité est faible.') - 0.05);
    expect(fr('Les résultats sont très décevants.')).toBeLessThan(fr('Les résultats sont décevants.'));
  });
});

describe('multi-word press expressions', () => {
  it('are read as units: receivership is not recovery', () => {
    expect(fr("Le redressement d'Acme Pay se confirme.")).toBeGreaterThan(0.2);
    expect(fr('Le tribunal a placé Acme Pay en redressement judiciaire.')).toBeLessThan(-0.5);
    for (const s of ['La société a annoncé un plan social.', 'Le dirigeant a été mis en examen.', 'Le titre a subi une chute en Bourse.'])
      expect(fr(s)).toBeLessThan(-0.3);
  });

  it('match inflections through stems, in both languages', () => {
    expect(findPhrases(words('Elle a été mise en examen', 'fr'), 'fr').map((p) => p.phrase)).toContain('mise en examen');
    expect(findPhrases(words('Elle est mise en examen, il a été mis en examen', 'fr'), 'fr')).toHaveLength(2);
    expect(findPhrases(words('Acme Pay is walking back its plan', 'en'), 'en').map((p) => p.phrase)).toEqual(['walk back']);
    expect(en('Paynova disclosed a data breach on Monday.')).toBeLessThan(en('Paynova disclosed a data update on Monday.') - 0.3);
    expect(en('This was not a data breach, the company said.')).toBeGreaterThan(en('This was a data breach, the company said.') + 0.5);
  });
});

describe('headlines and honest confidence', () => {
  it('a headline counts double only when the body leans its way', () => {
    const body = [
      { score: 0, weight: 1 },
      { score: -0.5, weight: 1 },
    ];
    expect(headlineWeight(0.6, body)).toBe(1);
    expect(headlineWeight(-0.6, body)).toBe(2);
    expect(headlineWeight(0.6, [{ score: 0, weight: 1 }])).toBe(2);
  });

  it('an article with no opinion is neutral with low confidence, flagged for a person, with a note', () => {
    const r = analyze(
      "Acme Pay ouvre un bureau à Nantes\n\nAcme Pay ouvrira un bureau à Nantes en mai, a indiqué la société.\nUne vingtaine de personnes y travailleront à partir de l'été prochain.",
    );
    expect(r).toMatchObject({ label: 'neutral', needsReview: true });
    expect(r.confidence).toBeLessThanOrEqual(0.35);
    expect(r.note).toMatch(/No opinion found/);
    // The report counts it apart, for a person, and says why.
    const report = buildReport([r], [], ['Acme Pay']);
    expect(report.headline).toMatchObject({ needingCheck: 1, provisional: true });
    expect(buildMarkdown(report)).toMatch(/No opinion found in the article/);
  });
});

describe('report hygiene', () => {
  it('reporting verbs are not themes', () => {
    const r = analyze(
      'Acme Pay outage reported in Lyon\n\nAn outage was reported by merchants in Lyon, the paper reported.\nOutages were also reported in Lille, merchants reported on Monday.',
    );
    expect(r.themes).not.toContain('reported');
    expect(r.themes.join(' ')).toMatch(/outage/);
  });
});
