import { describe, expect, it } from 'vitest';
import { analyzeOffline, decidingSentences, prepareArticle } from '../../src/comms/analyze.js';
import { roleOf } from '../../src/comms/brand.js';
import { fromPlainText } from '../../src/comms/intake/index.js';
import { buildMarkdown } from '../../src/comms/render/markdown.js';
import { buildReport } from '../../src/comms/report.js';

// Our own short articles, written from patterns of competitor coverage.
const RIVAL_OUTAGE = `Paynova outage leaves shops stranded

A long outage at Paynova left thousands of shops unable to take payments on Monday.
Merchants complained bitterly about the lack of updates from Paynova, and critics called it a failure.
Acme Pay said its own service was not affected by the outage.`;

const RIVAL_FR = `Paynova s'effondre, Acme Pay tient bon

Le titre Paynova s'est effondré en Bourse après un avertissement, tandis qu'Acme Pay poursuit son développement.
Les investisseurs de Paynova dénoncent une gestion désastreuse.`;

const OWN_FR = `Acme Pay supprime 200 postes

Acme Pay a annoncé un plan social touchant 200 postes.
La société invoque un marché plus difficile et des pertes qui s'accumulent.
Les ventes en ligne ont progressé de 5 % sur l'année.
Les syndicats dénoncent une décision brutale.`;

const SPEAKER_EN = `Paynova outage: rivals weigh in

Acme Pay said the outage at Paynova had been a painful, damaging failure for thousands of merchants.`;

const analyze = (text: string, competitors: string[] = ['Paynova']) =>
  analyzeOffline(prepareArticle(fromPlainText(text, 'test')), ['Acme Pay'], { competitors });

describe('tone toward the brand', () => {
  it('an article negative about a competitor is not negative about us', () => {
    const r = analyze(RIVAL_OUTAGE);
    expect(r.label).toBe('negative');
    expect(r.brand?.label).toBe('neutral');
    expect(r.brand?.mentions).toBe(1);
    // The company's own words about a rival's failure are not a failure of the company.
    expect(analyze(SPEAKER_EN).brand).toMatchObject({ label: 'neutral', sentences: [] });
  });

  it('in a sentence naming both, only the part about the brand counts', () => {
    const r = analyze(RIVAL_FR);
    expect(r.label).toBe('negative');
    expect(r.brand?.label).not.toBe('negative');
    // Without the competitor named in config, the whole sentence (a collapse) counts against the brand.
    expect(analyze(RIVAL_FR, []).brand?.score).toBeLessThan((r.brand?.score ?? 0) - 0.2);
  });

  it("gives the company's role: target of criticism, speaker, subject or passing mention", () => {
    const terms = ['Acme Pay'];
    expect(roleOf('Regulators fined Acme Pay 4 million euros over the breach.', terms, 'en')).toBe('target');
    expect(roleOf('Les associations ont vivement critiqué Acme Pay pour ses frais.', terms, 'fr')).toBe('target');
    expect(roleOf('Acme Pay said its own service was not affected.', terms, 'en')).toBe('speaker');
    expect(roleOf("Le dossier, selon Acme Pay, sera clos d'ici l'été.", terms, 'fr')).toBe('speaker');
    expect(roleOf('Acme Pay cut 200 jobs on Tuesday.', terms, 'en')).toBe('subject');
    expect(roleOf('Many shops have moved to rivals such as Acme Pay.', terms, 'en')).toBe('mentioned');
  });

  it('reads "la société" after a sentence naming the brand as the brand, and shows the deciding sentences', () => {
    const r = analyze(OWN_FR);
    expect(r.label).toBe('negative');
    expect(r.brand?.label).toBe('negative');
    expect(r.brand?.sentences.map((s) => s.text)).toContain(
      'La société invoque un marché plus difficile et des pertes qui s’accumulent.'.replace('’', "'"),
    );
    expect(r.deciding?.length).toBeGreaterThan(0);
    expect(r.deciding?.every((d) => d.score < 0)).toBe(true);
    expect(r.quotes.positive.join(' ')).toMatch(/ventes en ligne/);
    const items = [
      { text: 'good', score: 0.9, weight: 2 },
      { text: 'bad', score: -0.5, weight: 1 },
      { text: 'flat', score: 0.05, weight: 3 },
    ];
    expect(decidingSentences(items, 'negative', -0.3).map((d) => d.text)).toEqual(['bad']);
    expect(decidingSentences(items, 'mixed', 0.1).map((d) => d.text)).toEqual(['good', 'bad']);
    expect(decidingSentences(items, 'neutral', 0)).toEqual([]);
    const md = buildMarkdown(buildReport([r], [], ['Acme Pay']));
    expect(md).toMatch(/decided by.*plan social/);
    expect(md).toMatch(/brand \(subject\): "La société invoque/);
  });
});
