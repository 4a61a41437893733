import { describe, expect, it } from 'vitest';
import { analyzeOffline, prepareArticle } from '../../src/comms/analyze.js';
import { fromPlainText } from '../../src/comms/intake/index.js';

const analyze = (text: string, brand: string[] = []) => analyzeOffline(prepareArticle(fromPlainText(text, 'test')), brand);

// What a browser's "select all, copy" of a news page brings along: menus, share buttons, footers.
const CHROME_EN = `Close Menu
Skip to content
Home News Business Tech Opinion
Facebook Twitter Instagram LinkedIn
Search
Acme Pay under fire over hidden fees as regulator opens inquiry
Acme Pay is facing a backlash from merchants after the payments company quietly raised its transaction fees by a third.
The regulator said on Tuesday it had opened an inquiry into the change, and consumer groups said complaints had tripled in a month.
"We remain fully committed to transparent, fair and competitive pricing for every merchant," a spokesperson for Acme Pay said.
"Our customers love the new features and we are proud of the value we deliver," said chief executive Dana Moreau.
Critics said the company had been slow to respond, and several large retailers said they were reviewing their contracts.
Share on Facebook Share on Twitter Share on LinkedIn Email Print
Intellect Facebook Twitter Instagram
© 2025 Business Daily. All rights reserved.`;

const CRITICAL_FR = `Volte-face d'Acme Pay après le tollé sur ses frais

Sous le feu des critiques, Acme Pay a fait machine arrière mardi sur la hausse de ses frais, une semaine après l'avoir annoncée.
Les plaintes de commerçants se sont multipliées et plusieurs associations ont dénoncé une décision brutale.
« Nous avons entendu nos clients et nous sommes fiers de leur offrir le meilleur service », a déclaré la directrice générale, Claire Martin.
La polémique a relancé les interrogations sur la gouvernance de la fintech.`;

const FACTUAL_EN = `Acme Pay opens an office in Lisbon

Acme Pay will open an office in Lisbon in April, the company said on Monday.
The office will host about 40 engineers and sales staff serving customers in Portugal and Spain.
The company already has offices in Paris, Berlin and Amsterdam, and employs about 900 people.
The Lisbon team will be led by Marta Silva, who joined from a bank in January.`;

const FACTUAL_FR = `Acme Pay ouvre un bureau à Lyon

La fintech Acme Pay ouvrira un bureau à Lyon en avril, a indiqué la société lundi.
Le bureau accueillera une quarantaine d'ingénieurs et de commerciaux pour la région Auvergne-Rhône-Alpes.
L'entreprise compte déjà des bureaux à Paris, Berlin et Amsterdam et emploie environ 900 personnes.
L'équipe lyonnaise sera dirigée par Marc Durand, arrivé d'une banque en janvier.`;

describe('scoring press coverage like an analyst', () => {
  it('drops site chrome before scoring and before themes: the headline is the title, no "Close Menu", no social-network themes', () => {
    const r = analyze(CHROME_EN, ['Acme Pay']);
    expect(r.title).toBe('Acme Pay under fire over hidden fees as regulator opens inquiry');
    expect(r.language).toBe('en');
    expect(r.themes.join(' ')).not.toMatch(/facebook|twitter|instagram|linkedin|menu|intellect|share|print/i);
  });

  it("reads framing cues (under fire, backlash, complaints) as the outlet's stance, over the company's upbeat quotes", () => {
    const r = analyze(CHROME_EN, ['Acme Pay']);
    expect(r.label).toBe('negative');
    expect(r.brand?.label).toBe('negative');
  });

  it("tells reported speech apart from the outlet's voice, and names who is quoted", () => {
    const r = analyze(CHROME_EN, ['Acme Pay']);
    expect(r.speech?.quoted).toBeGreaterThanOrEqual(2);
    expect(r.spokespeople).toContain('Dana Moreau');
  });

  it('reads French framing (volte-face, tollé, sous le feu des critiques) as negative despite a glowing quote', () => {
    const r = analyze(CRITICAL_FR, ['Acme Pay']);
    expect(r.language).toBe('fr');
    expect(r.label).toBe('negative');
    expect(r.spokespeople).toContain('Claire Martin');
  });

  it('keeps factual pieces neutral in English and French', () => {
    expect(analyze(FACTUAL_EN, ['Acme Pay']).label).toBe('neutral');
    expect(analyze(FACTUAL_FR, ['Acme Pay']).label).toBe('neutral');
  });
});
