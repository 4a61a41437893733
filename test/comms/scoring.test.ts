import { describe, expect, it } from 'vitest';
import { analyzeOffline, prepareArticle } from '../../src/comms/analyze.js';
import { extractHtmlArticle } from '../../src/comms/intake/html.js';
import { fromPlainText } from '../../src/comms/intake/index.js';
import { scoreSentenceOffline } from '../../src/comms/scoring/offline.js';
import { MIXED_EN, NEGATIVE_FR, OUTAGE_HTML, POSITIVE_EN } from '../helpers/press.js';

const analyze = (text: string, brand: string[] = []) => analyzeOffline(prepareArticle(fromPlainText(text, 'test')), brand);

describe('offline press scoring', () => {
  it('labels clearly positive and negative coverage, with quotes from the article', async () => {
    const pos = analyze(POSITIVE_EN);
    expect(pos.label).toBe('positive');
    expect(pos.score).toBeGreaterThan(0.3);
    expect(pos.quotes.positive.join(' ')).toMatch(/praised the strong growth|excellent reviews|record revenue/);
    const neg = analyzeOffline(prepareArticle(await extractHtmlArticle(OUTAGE_HTML(), 'outage.html')), ['Acme Pay']);
    expect(neg.label).toBe('negative');
    expect(neg.quotes.negative[0]).toMatch(/outage|complained|failure/);
    // The headline names the brand too, and counts.
    expect(neg.brand).toMatchObject({ mentions: 2, label: 'negative' });
  });

  it('is not swayed by boilerplate: cookie banners, subscriptions, related links and comments', async () => {
    const clean = analyzeOffline(prepareArticle(await extractHtmlArticle(OUTAGE_HTML(), 'a.html')), []);
    const gushing = Array.from(
      { length: 6 },
      (_, i) => `<div class="promo"><p>Subscribe to our newsletter ${i} for amazing, wonderful, brilliant deals you will love!</p></div>`,
    ).join('');
    const cluttered = analyzeOffline(prepareArticle(await extractHtmlArticle(OUTAGE_HTML(gushing), 'b.html')), []);
    expect(cluttered.label).toBe(clean.label);
    expect(Math.abs(cluttered.score - clean.score)).toBeLessThan(0.05);
    // The same clutter pasted as plain text is dropped sentence by sentence.
    const pasted = `${POSITIVE_EN}\n\nWe use cookies to improve your experience, accept all cookies to continue. Sign up for our newsletter and never miss a terrible, awful deal. © 2025 All rights reserved, sadly.`;
    expect(analyze(pasted).score).toBeCloseTo(analyze(POSITIVE_EN).score, 2);
  });

  it('labels an article with a negative first half and a positive second half as mixed', () => {
    const r = analyze(MIXED_EN);
    expect(r.label).toBe('mixed');
    expect(r.quotes.negative.length).toBeGreaterThan(0);
    expect(r.quotes.positive.length).toBeGreaterThan(0);
    expect(analyze(POSITIVE_EN).label).not.toBe('mixed');
  });

  it('scores a French article in French', () => {
    const r = analyze(NEGATIVE_FR, ['Acme Pay']);
    expect(r.language).toBe('fr');
    expect(r.label).toBe('negative');
    expect(r.note).toBeUndefined();
    expect(r.quotes.negative[0]).toMatch(/plaintes|accusent|plaignent|inquiètent/);
    expect(r.themes).toContain('customer complaints');
    expect(r.brand?.label).toBe('negative');
  });

  it('handles negation, intensifiers and contrast in English and French', () => {
    expect(scoreSentenceOffline('Analysts praised the launch as a great success.', 'en')).toBeGreaterThan(0.2);
    expect(scoreSentenceOffline('The launch was not a success.', 'en')).toBeLessThan(
      scoreSentenceOffline('The launch was a success.', 'en') - 0.2,
    );
    expect(scoreSentenceOffline('Le lancement a convaincu les clients.', 'fr')).toBeGreaterThan(0.2);
    expect(scoreSentenceOffline("Le lancement n'a pas convaincu les clients.", 'fr')).toBeLessThan(-0.2);
    expect(scoreSentenceOffline('Les résultats sont très décevants.', 'fr')).toBeLessThan(
      scoreSentenceOffline('Les résultats sont décevants.', 'fr'),
    );
    expect(
      scoreSentenceOffline('Les résultats sont décevants, mais les perspectives sont excellentes et encourageantes.', 'fr'),
    ).toBeGreaterThan(0);
    expect(scoreSentenceOffline('Analysts praised the strategy, but revenue collapsed and losses widened.', 'en')).toBeLessThan(0);
  });

  it('reads "constructor" as a word like "builder", not as a JavaScript property that swallows the next word', () => {
    const builder = scoreSentenceOffline('Builder praised for its work.', 'en');
    expect(builder).toBeGreaterThan(0.1);
    expect(scoreSentenceOffline('Constructor praised for its work.', 'en')).toBeCloseTo(builder, 5);
  });

  it('says when a language is only roughly supported', () => {
    const r = analyze(
      'Acme Pay lanza su nueva tarjeta en España\n\nLa empresa de pagos Acme Pay presentó el martes su nueva tarjeta para pequeños comercios en Madrid y Barcelona.',
    );
    expect(r.language).toBe('es');
    expect(r.note).toMatch(/rough guide/);
    expect(r.confidence).toBeLessThanOrEqual(0.3);
  });
});
