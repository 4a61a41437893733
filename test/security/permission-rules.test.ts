import { describe, expect, it } from 'vitest';
import { allowedTools, TOOL } from '../../src/agent/context.js';
import { type Audience, audienceMayRead, searchForAudience } from '../../src/assistant/audience.js';
import type { RoutingTable } from '../../src/assistant/routing.js';
import { mayRunSentiment } from '../../src/comms/rights.js';
import { Directory } from '../../src/directory.js';
import type { Asker, Passage, Retriever, SearchOptions } from '../../src/retrieval/types.js';
import type { Services } from '../../src/services.js';
import { checkAsker, mayResolve } from '../../src/slack/click-rules.js';
import { boundGaps } from '../../src/slack/gaps-audience.js';
import { boundVisibility, mayManage, maySaveFromHandoff, teamsOf } from '../../src/slack/verified-rights.js';
import type { GapsReport } from '../../src/usage/gaps.js';
import type { VerifiedAnswer } from '../../src/verified/types.js';
import { testConfig } from '../helpers/env.js';
import { person } from '../helpers/people.js';

// The permission and audience rules tested directly (each case is one a person would notice: a document shown
// where it must not be, a button someone else may press). Stryker runs these (npm run mutation).

const PEOPLE = [person('U0LEA', 'Legal'), person('U0LEO', 'Legal'), person('U0SAM', 'Sales'), person('U0COM', 'Comms')];
const member = (userId: string, department: string): Asker => ({ userId, department, isAdmin: false });

describe('audienceMayRead: what every reader of a place may read', () => {
  it('gives a channel shared with another organisation nothing, not even unrestricted documents', () => {
    expect(audienceMayRead({ kind: 'outside', where: 'C0EXT' }, undefined)).toBe(false);
    expect(audienceMayRead({ kind: 'outside', where: 'C0EXT' }, ['public'])).toBe(false);
  });

  it('gives a public channel unrestricted and public documents only', () => {
    const everyone: Audience = { kind: 'everyone', where: 'C0GEN' };
    expect(audienceMayRead(everyone, undefined)).toBe(true);
    expect(audienceMayRead(everyone, ['Legal', 'public'])).toBe(true);
    expect(audienceMayRead(everyone, ['Legal'])).toBe(false);
  });

  it('gives a private channel what every member may read, and a channel of nobody known nothing restricted', () => {
    const legal: Audience = { kind: 'members', where: 'C0LEG', members: [member('U0LEA', 'Legal'), member('U0LEO', 'Legal')] };
    expect(audienceMayRead(legal, ['Legal'])).toBe(true);
    const mixed: Audience = { kind: 'members', where: 'C0MIX', members: [member('U0LEA', 'Legal'), member('U0SAM', 'Sales')] };
    expect(audienceMayRead(mixed, ['Legal'])).toBe(false);
    expect(audienceMayRead({ kind: 'members', where: 'C0NONE', members: [] }, ['Legal'])).toBe(false);
  });
});

describe('searchForAudience: the asker searches, the audience bounds', () => {
  const passage = (n: number, access?: string[]): Passage =>
    ({
      id: `p${n}`,
      source: `doc${n}.md`,
      title: `Doc ${n}`,
      heading: '',
      headingPath: [],
      text: 't',
      score: 1,
      ...(access ? { access } : {}),
    }) as unknown as Passage;
  const recording = (found: Passage[]) => {
    const calls: SearchOptions[] = [];
    const retriever = {
      search: async (_q: string, _a: Asker, o: SearchOptions = {}) => {
        calls.push(o);
        return found.slice(0, o.k ?? 5);
      },
    } as unknown as Retriever;
    return { retriever, calls };
  };

  it('searches with the asker alone when nobody else reads the reply, passing the options through', async () => {
    const { retriever, calls } = recording([passage(1)]);
    const out = await searchForAudience(retriever, 'q', member('U0LEA', 'Legal'), 3, undefined, { expansion: 'per diem' });
    expect(calls).toEqual([{ expansion: 'per diem', k: 3 }]);
    expect(out).toEqual({ passages: [passage(1)], withheld: 0 });
  });

  it('looks twice as deep where others read, keeps k readable passages, and counts what the asker lost in the top k', async () => {
    const found = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => passage(n, n === 2 || n === 6 ? ['Legal'] : undefined));
    const { retriever, calls } = recording(found);
    const out = await searchForAudience(
      retriever,
      'q',
      member('U0LEA', 'Legal'),
      4,
      { kind: 'everyone', where: 'C0GEN' },
      {
        expansion: 'x',
      },
    );
    expect(calls).toEqual([{ expansion: 'x', k: 8 }]);
    expect(out.passages.map((p) => p.id)).toEqual(['p1', 'p3', 'p4', 'p5']);
    expect(out.withheld).toBe(1);
  });
});

function servicesWith(over: Record<string, unknown> = {}): Services {
  const routing: RoutingTable = {
    routes: [
      { team: 'Legal', channel: 'C0LEGAL' },
      { team: 'People', channel: 'C0PEOPLE', owners: ['HR'] },
      { team: 'Finance', channel: 'C0FIN', departments: ['Accounting'] },
    ],
  };
  return {
    config: testConfig({ KIKI_ADMINS: 'U0ADM', KIKI_SENTIMENT_DEPARTMENTS: 'Comms,Marketing' }),
    directory: new Directory([...PEOPLE, person('U0HR', 'hr'), person('U0ACC', 'Accounting'), person('U0MKT', 'Marketing')]),
    routing,
    ...over,
  } as unknown as Services;
}

describe('verified answers: who manages them', () => {
  const services = servicesWith({
    verified: { accessOf: async (source: string) => ({ 'legal.md': ['Legal'], 'sales.md': ['Sales'], 'open.md': null })[source] },
  });
  const answer = (over: Partial<VerifiedAnswer> = {}) =>
    ({ team: 'Legal', verifiedBy: 'U0LEO', visibleTo: ['Legal'], ...over }) as VerifiedAnswer;

  it('names the teams of a department: by team name, owner or department, in any case; all for admins, none without one', () => {
    expect(teamsOf(services, member('U0LEA', 'legal'))).toEqual(['Legal']);
    expect(teamsOf(services, member('U0HR', 'HR'))).toEqual(['People']);
    expect(teamsOf(services, member('U0ACC', 'Accounting'))).toEqual(['Finance']);
    expect(teamsOf(services, { userId: 'U0X', isAdmin: false })).toEqual([]);
    expect(teamsOf(services, { userId: 'U0ADM', isAdmin: true })).toEqual(['Legal', 'People', 'Finance']);
  });

  it('lets admins, the verifier and the owning team change an answer they may read, and nobody else', async () => {
    expect(await mayManage(services, answer({ visibleTo: ['Finance'] }), 'U0ADM')).toBe(true);
    expect(await mayManage(services, answer({ team: 'Finance' }), 'U0LEO')).toBe(true);
    expect(await mayManage(services, answer({ verifiedBy: 'U0OTHER' }), 'U0LEA')).toBe(true);
    expect(await mayManage(services, answer({ team: 'Finance', verifiedBy: 'U0OTHER' }), 'U0LEA')).toBe(false);
    expect(await mayManage(services, answer({ visibleTo: ['Sales'] }), 'U0LEA')).toBe(false);
  });

  it('lets admins, repliers and the owning team save from a hand-off thread, and nobody else', async () => {
    const handoff = { team: 'Legal' } as Parameters<typeof maySaveFromHandoff>[1];
    expect(await maySaveFromHandoff(services, handoff, 'U0ADM', new Set())).toBe(true);
    expect(await maySaveFromHandoff(services, handoff, 'U0SAM', new Set(['U0SAM']))).toBe(true);
    expect(await maySaveFromHandoff(services, handoff, 'U0LEA', new Set())).toBe(true);
    expect(await maySaveFromHandoff(services, handoff, 'U0SAM', new Set(['U0LEA']))).toBe(false);
  });

  it('never lets an answer be seen wider than its sources, and refuses sources it cannot vouch for', async () => {
    const src = (source: string) => ({ n: 1, source, title: source.replace('.md', ''), heading: '' });
    expect(await boundVisibility(services, undefined, [src('legal.md')])).toEqual({ ok: true, visibleTo: ['Legal'] });
    expect(await boundVisibility(services, undefined, [src('open.md')])).toEqual({ ok: true });
    const gone = await boundVisibility(services, undefined, [src('gone.md')]);
    expect(gone).toMatchObject({ ok: false, error: expect.stringContaining('"gone"') });
    const disjoint = await boundVisibility(services, undefined, [src('legal.md'), src('sales.md')]);
    expect(disjoint).toMatchObject({ ok: false, error: expect.stringContaining('keep fewer') });
  });
});

describe('buttons: who may press them', () => {
  const services = servicesWith({ usage: { ownerOf: async (id: string) => ({ E1: 'U0LEA' })[id] } });

  it('lets only the asker act for an answer, and calls an unknown or missing answer out of date', async () => {
    expect(await checkAsker(services, 'E1', 'U0LEA')).toBe('ok');
    expect(await checkAsker(services, 'E1', 'U0SAM')).toBe('other');
    expect(await checkAsker(services, 'E404', 'U0LEA')).toBe('unknown');
    expect(await checkAsker(services, '', 'U0LEA')).toBe('unknown');
  });

  it('lets the asker, an admin, or someone pressing in the hand-off post channel resolve it', () => {
    const handoff = { asker_id: 'U0LEA', post_channel: 'C0POST', route_channel: 'C0ROUTE' };
    expect(mayResolve(services, handoff, 'U0LEA', undefined)).toBe(true);
    expect(mayResolve(services, handoff, 'U0ADM', 'D0ADM')).toBe(true);
    expect(mayResolve(services, handoff, 'U0SAM', 'C0POST')).toBe(true);
    expect(mayResolve(services, handoff, 'U0SAM', 'C0ROUTE')).toBe(false);
    expect(mayResolve(services, handoff, 'U0SAM', undefined)).toBe(false);
    expect(mayResolve(services, { ...handoff, post_channel: null }, 'U0SAM', 'C0ROUTE')).toBe(true);
  });
});

describe('knowledge gaps shown in a channel', () => {
  const gaps = (): GapsReport => ({
    window: { from: '2026-11-30', to: '2026-12-06', label: 'last week' },
    minGroupSize: 5,
    notes: ['Groups under 5 people are not shown.'],
    teams: [
      {
        team: 'Legal',
        askers: 6,
        notFound: 3,
        thumbsDown: 0,
        handoffs: 1,
        closest: [
          { source: 'open.md', title: 'Open', heading: '', count: 2 },
          { source: 'legal.md', title: 'Legal only', heading: '', count: 1 },
          { source: 'gone.md', title: 'Gone', heading: '', count: 1 },
        ],
      },
      {
        team: 'Sales',
        askers: 5,
        notFound: 1,
        thumbsDown: 0,
        handoffs: 0,
        closest: [{ source: 'open.md', title: 'Open', heading: '', count: 1 }],
      },
    ],
  });
  const accessOf = async (source: string) => ({ 'open.md': null, 'legal.md': ['Legal'] })[source];

  it('names only documents every reader may read (an unknown one counts as unreadable) and says how many were not named', async () => {
    const bounded = await boundGaps(gaps(), { kind: 'everyone', where: 'C0GEN' }, accessOf);
    expect(bounded.teams[0]?.closest.map((c) => c.source)).toEqual(['open.md']);
    expect(bounded.teams[0]?.withheld).toBe(2);
    expect(bounded.teams[1]).not.toHaveProperty('withheld');
    expect(bounded.notes).toEqual([
      'Groups under 5 people are not shown.',
      'Documents that not everyone in this channel may read are not named (`kiki report --gaps` shows them).',
    ]);
  });

  it('adds no note when nothing was left out', async () => {
    const legal: Audience = { kind: 'members', where: 'C0LEG', members: [member('U0LEA', 'Legal')] };
    const bounded = await boundGaps(gaps(), legal, async (s) => (s === 'gone.md' ? null : accessOf(s)));
    expect(bounded.teams[0]?.closest).toHaveLength(3);
    expect(bounded.notes).toEqual(['Groups under 5 people are not shown.']);
  });
});

describe('agent tools and press reports: who may use them', () => {
  const services = servicesWith({
    contracts: { mayDraft: async (u: string) => ({ allowed: u === 'U0LEA', departments: ['Legal'], askWho: [] }) },
  });

  it('offers a guest from another organisation the search alone', async () => {
    expect([...(await allowedTools(services, 'U0LEA', true))]).toEqual([TOOL.search]);
  });

  it('offers drafting to Legal, press reports to Comms, usage figures to admins, and the common tools to all', async () => {
    const legal = await allowedTools(services, 'U0LEA', false);
    expect(legal.has(TOOL.contract)).toBe(true);
    expect(legal.has(TOOL.press)).toBe(false);
    expect(legal.has(TOOL.usage)).toBe(false);
    expect([TOOL.search, TOOL.verified, TOOL.handoff].every((t) => legal.has(t))).toBe(true);
    expect((await allowedTools(services, 'U0COM', false)).has(TOOL.press)).toBe(true);
    expect((await allowedTools(services, 'U0ADM', false)).has(TOOL.usage)).toBe(true);
  });

  it('lets every listed department run press reports, in any case, and admins', async () => {
    expect(await mayRunSentiment(services, 'U0MKT')).toBe(true);
    expect(await mayRunSentiment(services, 'U0COM')).toBe(true);
    expect(await mayRunSentiment(services, 'U0ADM')).toBe(true);
    expect(await mayRunSentiment(services, 'U0SAM')).toBe(false);
  });
});
