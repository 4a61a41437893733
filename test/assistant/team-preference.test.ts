import { describe, expect, it } from 'vitest';
import { preferredTeam, TeamPreferringRetriever } from '../../src/assistant/team-preference.js';
import type { Passage } from '../../src/retrieval/types.js';

const passage = (source: string, owner: string, score: number): Passage =>
  ({ id: source, source, title: source, heading: source, headingPath: [source], owner, text: source, score }) as Passage;

/** Issue 23: the team whose channel the person is viewing has its documents preferred, when nearly as relevant. */
describe('TeamPreferringRetriever', () => {
  const found = [
    passage('it/laptop.md', 'IT', 1),
    passage('finance/laptop-budget.md', 'Finance', 0.9),
    passage('finance/far.md', 'Finance', 0.5),
  ];
  const inner = { search: async () => found };
  const asker = { userId: 'U1', isAdmin: false };

  it('puts a nearly-as-good document of the viewed team first, and leaves a distant one where it is', async () => {
    const r = new TeamPreferringRetriever(inner);
    const ranked = await preferredTeam.run('Finance', () => r.search('laptop', asker));
    expect(ranked.map((p) => p.source)).toEqual(['finance/laptop-budget.md', 'it/laptop.md', 'finance/far.md']);
  });

  it('keeps retrieval order outside a viewed channel, or for a team whose documents are not close', async () => {
    const r = new TeamPreferringRetriever(inner);
    expect((await r.search('laptop', asker)).map((p) => p.source)).toEqual(found.map((p) => p.source));
    const comms = await preferredTeam.run('Comms', () => r.search('laptop', asker));
    expect(comms.map((p) => p.source)).toEqual(found.map((p) => p.source));
    const onlyFar = await preferredTeam.run('Finance', () =>
      new TeamPreferringRetriever({ search: async () => [found[0]!, found[2]!] }).search('x', asker),
    );
    expect(onlyFar.map((p) => p.source)).toEqual(['it/laptop.md', 'finance/far.md']);
  });

  it('offers sections only when the retriever it wraps does', () => {
    expect(new TeamPreferringRetriever(inner).sections).toBeUndefined();
    expect(new TeamPreferringRetriever({ ...inner, sections: async () => [] }).sections).toBeTypeOf('function');
  });
});
