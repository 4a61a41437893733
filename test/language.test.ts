import { describe, expect, it } from 'vitest';
import { questionLanguage } from '../src/assistant/language.js';
import { detectLanguage } from '../src/language.js';

const ITALIAN =
  "Acme Pay ha annunciato martedì un piano di ristrutturazione che prevede la chiusura di due stabilimenti. I sindacati hanno criticato duramente la decisione, mentre gli analisti restano prudenti sulle prospettive dell'azienda per il prossimo anno.";
const FRENCH =
  "Acme Pay a annoncé mardi un plan de restructuration qui prévoit la fermeture de deux usines. Les syndicats ont vivement critiqué la décision, tandis que les analystes restent prudents sur les perspectives de l'entreprise pour l'année prochaine.";

describe('one language detector for questions and press articles', () => {
  it('tells a short question by its function words, where a trigram model guesses another language', () => {
    // franc alone reads the first as Portuguese.
    expect(detectLanguage('How do I expense a coworking day pass?')).toBe('en');
    expect(detectLanguage('¿Cuántos días de vacaciones tengo al año?')).toBe('es');
    expect(detectLanguage('Hur många semesterdagar har jag per år?')).toBe('sv');
    expect(detectLanguage('Wie viele Urlaubstage habe ich im Jahr?')).toBe('de');
  });

  it('tells a long article in a language Kiki has no glossary for, so it is not scored as English', () => {
    expect(detectLanguage(ITALIAN)).toBe('it');
    expect(detectLanguage(FRENCH)).toBe('fr');
  });

  it('says "und" for a text without words, and a question Kiki cannot translate is searched in English', () => {
    expect(detectLanguage('  → ?! …  ')).toBe('und');
    expect(questionLanguage(ITALIAN)).toBe('en');
    expect(questionLanguage('Combien de jours de congé parental ai-je à la naissance de mon bébé ?')).toBe('fr');
  });
});
