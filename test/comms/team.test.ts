import { describe, expect, it } from 'vitest';
import { analyzeOffline, prepareArticle } from '../../src/comms/analyze.js';
import { fromPlainText } from '../../src/comms/intake/index.js';
import { buildMarkdown } from '../../src/comms/render/markdown.js';
import { buildReport } from '../../src/comms/report.js';
import { SentimentService } from '../../src/comms/service.js';
import { fitThreshold, TeamAdjustment } from '../../src/comms/team.js';
import { buildTeamAdjustment, readTeamLabels } from '../../src/comms/team-fit.js';
import { captureLogger } from '../helpers/app.js';

// Two outlets' versions of the same (invented) story, and an unrelated one.
const DEAL_A = `Acme Pay rachète Facturo pour étendre son offre

Acme Pay a annoncé le rachat de la start-up lyonnaise Facturo, spécialisée dans la facturation des PME, une belle réussite.
Les vingt-cinq salariés de Facturo rejoindront les équipes parisiennes d'Acme Pay.`;
const DEAL_B = `Acme Pay s'offre Facturo pour étendre son offre aux PME

Acme Pay a annoncé lundi le rachat de Facturo, la start-up lyonnaise de facturation des PME, une réussite saluée.
Les salariés de Facturo rejoindront les équipes parisiennes d'Acme Pay.`;
const OTHER = `Acme Pay recrute à Lille

Acme Pay va créer 200 emplois à Lille, une excellente nouvelle saluée par le maire.`;

const score = (text: string) => analyzeOffline(prepareArticle(fromPlainText(text, 'x')), []);

describe("learning from the team's labels", () => {
  it('similar coverage follows the label the team gave; unrelated coverage does not', () => {
    expect(score(DEAL_B).label).toBe('positive');
    const team = buildTeamAdjustment([{ text: DEAL_A, label: 'neutral', language: 'fr', title: 'Acme Pay rachète Facturo' }]);
    const b = team.apply(score(DEAL_B), DEAL_B);
    expect(b.label).toBe('neutral');
    expect(b.team).toMatchObject({ offlineLabel: 'positive' });
    expect(b.team?.reason).toMatch(/rachète Facturo/);
    expect(team.apply(score(OTHER), OTHER).label).toBe('positive');
    // A label given in another language is not this article's neighbour.
    const names = 'Zorglub Kwix Brumbel Quazz';
    const english = new TeamAdjustment([{ text: names, label: 'neutral', language: 'en' }]);
    expect(english.read({ label: 'positive', score: 0.5, language: 'fr' }, names)).toBeNull();
    expect(english.read({ label: 'positive', score: 0.5, language: 'en' }, names)?.label).toBe('neutral');
    expect(buildMarkdown(buildReport([b], [], []))).toMatch(/following the team's labels.*Kiki alone said positive/);
  });

  it('moves the line between neutral and opinion only when enough labels clearly ask for it', () => {
    const mild = (score: number, label: 'neutral' | 'positive') => ({ score, label, offlineLabel: 'positive' as const });
    const tenMildNeutral = Array.from({ length: 10 }, (_, i) => mild(0.22 + i * 0.005, 'neutral'));
    const strong = Array.from({ length: 5 }, () => mild(0.6, 'positive'));
    expect(fitThreshold([...tenMildNeutral, ...strong])).toBeGreaterThan(0.25);
    expect(fitThreshold(tenMildNeutral.slice(0, 8))).toBe(0.2);
    expect(fitThreshold([...tenMildNeutral.slice(0, 1), ...strong, ...strong])).toBe(0.2);
    const team = new TeamAdjustment([], 0.3);
    expect(team.read({ label: 'positive', score: 0.25, language: 'fr' }, 'x')?.label).toBe('neutral');
    expect(team.read({ label: 'mixed', score: 0.25, language: 'fr' }, 'x')).toBeNull();
  });

  it('a report uses the labels when they load, and scores without them when they do not', async () => {
    const { logger, lines } = captureLogger();
    const withLabels = new SentimentService({
      brandTerms: [],
      allowPrivateUrls: false,
      logger,
      teamLabels: async () => [{ text: DEAL_A, label: 'neutral', language: 'fr' }],
    });
    expect((await withLabels.run([{ kind: 'text', text: DEAL_B }])).articles[0]?.label).toBe('neutral');
    const broken = new SentimentService({
      brandTerms: [],
      allowPrivateUrls: false,
      logger,
      teamLabels: async () => {
        throw new Error('database is down');
      },
    });
    expect((await broken.run([{ kind: 'text', text: DEAL_B }])).articles[0]?.label).toBe('positive');
    expect(JSON.stringify(lines)).toMatch(/team's sentiment labels could not be read/);
  });

  it('reads the exported labels file and names a bad line', () => {
    const good = JSON.stringify({ text: DEAL_A, label: 'neutral', language: 'fr', title: 't', kiki_label: 'positive' });
    expect(readTeamLabels(`${good}\n\n`, 'labels.jsonl')).toHaveLength(1);
    expect(() => readTeamLabels(`${good}\n{"text":"x","label":"great"}\n`, 'labels.jsonl')).toThrow(/labels.jsonl, line 2/);
    expect(() => readTeamLabels('not json', 'labels.jsonl')).toThrow(/line 1: not JSON/);
  });
});
