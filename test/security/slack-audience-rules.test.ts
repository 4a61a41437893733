import type { WebClient } from '@slack/web-api';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { Directory } from '../../src/directory.js';
import type { Services } from '../../src/services.js';
import { audienceCovers, audienceOf, withheldNote } from '../../src/slack/audience.js';
import { gapsForChannel } from '../../src/slack/gaps-audience.js';
import { membershipOf } from '../../src/slack/outsiders.js';
import type { GapsReport } from '../../src/usage/gaps.js';
import { testConfig } from '../helpers/env.js';
import { person } from '../helpers/people.js';

// Who is an outsider and who reads a channel, decided from what Slack says, tested directly against a fake client
// (the Slack-level tests drive the same code through signed requests; Stryker runs these in process).

const silent = pino({ level: 'silent' });
let seq = 0;
const uid = () => `U0T${++seq}`;

function usersClient(info: (user: string) => Promise<unknown>): WebClient {
  return { users: { info: async ({ user }: { user: string }) => info(user) } } as unknown as WebClient;
}

describe('membershipOf: insider or outsider, as Slack says', () => {
  it("counts a person of the workspace's own team as an insider, and names their team", async () => {
    const client = usersClient(async () => ({ user: { team_id: 'T0HOME' } }));
    expect(await membershipOf(client, silent, { userId: uid(), workspaceTeamId: 'T0HOME' })).toEqual({ teamId: 'T0HOME', outsider: false });
  });

  it('counts a person of another team as an outsider, unless both teams are in the same enterprise', async () => {
    const other = usersClient(async () => ({ user: { team_id: 'T0OTHER' } }));
    expect(await membershipOf(other, silent, { userId: uid(), workspaceTeamId: 'T0HOME' })).toEqual({ teamId: 'T0OTHER', outsider: true });
    const grid = usersClient(async () => ({ user: { team_id: 'T0OTHER', enterprise_user: { enterprise_id: 'E0ACME' } } }));
    expect(await membershipOf(grid, silent, { userId: uid(), workspaceTeamId: 'T0HOME', enterpriseId: 'E0ACME' })).toEqual({
      teamId: 'T0OTHER',
      outsider: false,
    });
    expect((await membershipOf(grid, silent, { userId: uid(), workspaceTeamId: 'T0HOME', enterpriseId: 'E0ELSE' })).outsider).toBe(true);
  });

  it("judges from the event's user_team when Slack cannot say, and fails closed when the event names no team", async () => {
    const failing = usersClient(async () => Promise.reject(new Error('user_not_found')));
    expect(await membershipOf(failing, silent, { userId: uid(), workspaceTeamId: 'T0HOME', userTeamHint: 'T0HOME' })).toEqual({
      teamId: 'T0HOME',
      outsider: false,
    });
    expect(await membershipOf(failing, silent, { userId: uid(), workspaceTeamId: 'T0HOME', userTeamHint: 'T0OTHER' })).toEqual({
      teamId: 'T0OTHER',
      outsider: true,
    });
    expect(await membershipOf(failing, silent, { userId: uid(), workspaceTeamId: 'T0HOME' })).toEqual({ outsider: true, unverified: true });
    const teamless = usersClient(async () => ({ user: {} }));
    expect(await membershipOf(teamless, silent, { userId: uid(), userTeamHint: 'T0HOME' })).toEqual({
      teamId: 'T0HOME',
      outsider: true,
      unverified: true,
    });
  });

  it('asks Slack about the person who asked, and keeps its answer per workspace (a guest here may be a member there)', async () => {
    const teams: Record<string, string> = {};
    const client = usersClient(async (user) => ({ user: { team_id: teams[user] } }));
    const user = uid();
    teams[user] = 'T0A';
    expect((await membershipOf(client, silent, { userId: user, workspaceTeamId: 'T0A' })).outsider).toBe(false);
    expect((await membershipOf(client, silent, { userId: user, workspaceTeamId: 'T0B' })).outsider).toBe(true);
  });

  it('counts a person of another team as an outsider when only the workspace is in an enterprise', async () => {
    const other = usersClient(async () => ({ user: { team_id: 'T0OTHER' } }));
    expect((await membershipOf(other, silent, { userId: uid(), workspaceTeamId: 'T0HOME', enterpriseId: 'E0ACME' })).outsider).toBe(true);
  });

  it('calls nobody Slack vouched for an outsider when the event does not say which workspace it came from', async () => {
    const other = usersClient(async () => ({ user: { team_id: 'T0OTHER' } }));
    expect(await membershipOf(other, silent, { userId: uid() })).toEqual({ teamId: 'T0OTHER', outsider: false });
  });

  it('logs why Slack could not say, with its error', async () => {
    const warnings: unknown[][] = [];
    const logger = { warn: (...args: unknown[]) => warnings.push(args) } as unknown as typeof silent;
    const failing = usersClient(async () => Promise.reject(new Error('user_not_found')));
    await membershipOf(failing, logger, { userId: uid(), workspaceTeamId: 'T0HOME', userTeamHint: 'T0HOME' });
    expect(warnings).toEqual([[{ err: expect.any(Error) }, expect.stringContaining('users.info failed')]]);
  });

  it("keeps Slack's answer (asked once) but never a guess from the event", async () => {
    let asked = 0;
    const counting = usersClient(async () => {
      asked++;
      return { user: { team_id: 'T0HOME' } };
    });
    const who = { userId: uid(), workspaceTeamId: 'T0HOME' };
    await membershipOf(counting, silent, who);
    await membershipOf(counting, silent, who);
    expect(asked).toBe(1);
    let failed = 0;
    const failing = usersClient(async () => {
      failed++;
      throw new Error('ratelimited');
    });
    const guest = { userId: uid(), workspaceTeamId: 'T0HOME', userTeamHint: 'T0HOME' };
    await membershipOf(failing, silent, guest);
    await membershipOf(failing, silent, guest);
    expect(failed).toBe(2);
  });
});

function channelServices(): Services {
  return {
    config: testConfig({ KIKI_ADMINS: 'U0ADM' }),
    directory: new Directory([person('U0LEA', 'Legal'), person('U0LEO', 'Legal'), person('U0SAM', 'Sales')]),
    logger: silent,
  } as unknown as Services;
}

function channelClient(info: Record<string, unknown> | Error, members: string[][] | Error = [], botId: string | Error = 'U0KIKI') {
  const calls = { info: 0, members: 0, auth: 0, asked: [] as (string | undefined)[] };
  const client = {
    auth: {
      test: async () => {
        calls.auth++;
        if (botId instanceof Error) throw botId;
        return { user_id: botId };
      },
    },
    conversations: {
      info: async (args: { channel?: string }) => {
        calls.info++;
        calls.asked.push(args.channel);
        if (info instanceof Error) throw info;
        return { channel: info };
      },
      members: async ({ cursor }: { cursor?: string }) => {
        calls.members++;
        if (members instanceof Error) throw members;
        const page = cursor ? Number(cursor) : 0;
        const next = page + 1 < members.length ? String(page + 1) : '';
        // Slack may leave out members on an empty page, and response_metadata on the last one.
        return {
          ...(members[page]?.length ? { members: members[page] } : {}),
          ...(next ? { response_metadata: { next_cursor: next } } : {}),
        };
      },
    },
  } as unknown as WebClient;
  return { client, calls };
}

describe('audienceOf: who reads a channel', () => {
  it('is nobody but the asker in a DM with Kiki, and everyone in a public channel', async () => {
    expect(await audienceOf(channelServices(), channelClient({ is_im: true }).client, 'D0X')).toBeUndefined();
    expect(await audienceOf(channelServices(), channelClient({}, [['U0LEA']]).client, 'C0GEN')).toEqual({
      kind: 'everyone',
      where: 'C0GEN',
    });
  });

  it('is outside for a channel shared (or being shared) with another organisation', async () => {
    for (const shared of [{ is_ext_shared: true }, { is_pending_ext_shared: true }]) {
      expect(await audienceOf(channelServices(), channelClient({ ...shared, is_private: true }).client, 'C0EXT')).toEqual({
        kind: 'outside',
        where: 'C0EXT',
      });
    }
  });

  it("is every member of a private channel or group DM, on every page, Kiki left out, with each member's department", async () => {
    const { client, calls } = channelClient({ is_private: true }, [['U0LEA', 'U0KIKI'], [], ['U0LEO']]);
    expect(await audienceOf(channelServices(), client, 'C0LEG')).toEqual({
      kind: 'members',
      where: 'C0LEG',
      members: [
        { userId: 'U0LEA', department: 'Legal', isAdmin: false },
        { userId: 'U0LEO', department: 'Legal', isAdmin: false },
      ],
    });
    expect(calls.asked).toEqual(['C0LEG']);
    const mpim = channelClient({ is_mpim: true }, [['U0SAM', 'U0ADM']], 'U0KIKI').client;
    expect(await audienceOf(channelServices(), mpim, 'G0MIX', 'U0KIKI')).toMatchObject({
      kind: 'members',
      members: [{ userId: 'U0SAM' }, { userId: 'U0ADM', isAdmin: true }],
    });
  });

  it('reads a channel Slack will not describe, or whose members it will not list, as public (never as a DM)', async () => {
    expect(await audienceOf(channelServices(), channelClient(new Error('channel_not_found')).client, 'C0Q')).toEqual({
      kind: 'everyone',
      where: 'C0Q',
    });
    expect(await audienceOf(channelServices(), channelClient({ is_private: true }, new Error('missing_scope')).client, 'C0R')).toEqual({
      kind: 'everyone',
      where: 'C0R',
    });
    expect(await audienceOf(channelServices(), channelClient({ is_private: true }, [['U0KIKI']]).client, 'C0S')).toEqual({
      kind: 'everyone',
      where: 'C0S',
    });
  });

  it('logs why it read a channel as public, with the error and the channel', async () => {
    const warnings: unknown[][] = [];
    const logging = { ...channelServices(), logger: { warn: (...a: unknown[]) => warnings.push(a) } } as unknown as Services;
    await audienceOf(logging, channelClient(new Error('channel_not_found')).client, 'C0Q');
    await audienceOf(logging, channelClient({ is_private: true }, new Error('missing_scope')).client, 'C0P');
    expect(warnings).toEqual([
      [{ err: expect.any(Error), channel: 'C0Q' }, expect.stringContaining('conversations.info failed')],
      [{ err: expect.any(Error), channel: 'C0P' }, expect.stringContaining('conversations.members failed')],
    ]);
  });

  it('reads a private channel of more than 2,000 members as public', async () => {
    const pages = Array.from({ length: 15 }, (_, p) => Array.from({ length: 200 }, (_, i) => `U${p}X${i}`));
    const { client, calls } = channelClient({ is_private: true }, pages);
    expect(await audienceOf(channelServices(), client, 'C0BIG')).toEqual({ kind: 'everyone', where: 'C0BIG' });
    expect(calls.members).toBe(11);
    const exactly = channelClient({ is_private: true }, pages.slice(0, 10)).client;
    expect((await audienceOf(channelServices(), exactly, 'C0FULL', 'U0KIKI'))?.kind).toBe('members');
  });

  it('asks Slack once per channel for a while, and asks who Kiki is only when not told', async () => {
    const services = channelServices();
    const { client, calls } = channelClient({ is_private: true }, [['U0LEA']]);
    const first = await audienceOf(services, client, 'C0ONE');
    expect(await audienceOf(services, client, 'C0ONE')).toEqual(first);
    expect(first?.kind).toBe('members');
    expect(calls).toMatchObject({ info: 1, members: 1, auth: 1 });
    await audienceOf(services, client, 'C0TWO');
    expect(calls.auth).toBe(1);
    const told = channelClient({ is_private: true }, [['U0LEA']]);
    await audienceOf(channelServices(), told.client, 'C0THREE', 'U0KIKI');
    expect(told.calls.auth).toBe(0);
  });

  it('asks again who Kiki is when Slack did not say, and then leaves nobody out', async () => {
    const services = channelServices();
    const { client, calls } = channelClient({ is_private: true }, [['U0LEA', 'U0KIKI']], new Error('ratelimited'));
    expect(await audienceOf(services, client, 'C0A')).toMatchObject({ members: [{ userId: 'U0LEA' }, { userId: 'U0KIKI' }] });
    await audienceOf(services, client, 'C0B');
    expect(calls.auth).toBe(2);
  });
});

describe('audienceCovers and the withheld note', () => {
  const legal = { kind: 'members' as const, where: 'C0LEG', members: [{ userId: 'U0LEA', department: 'Legal', isAdmin: false }] };

  it("says when every reader may read all the asker may (so the asker's own answer can be shown there)", () => {
    expect(audienceCovers(undefined, { userId: 'U0LEA', department: 'Legal', isAdmin: false })).toBe(true);
    expect(audienceCovers({ kind: 'outside', where: 'C0EXT' }, { userId: 'U0X', isAdmin: false })).toBe(false);
    expect(audienceCovers({ kind: 'everyone', where: 'C0GEN' }, { userId: 'U0X', isAdmin: false })).toBe(true);
    expect(audienceCovers({ kind: 'everyone', where: 'C0GEN' }, { userId: 'U0LEA', department: 'Legal', isAdmin: false })).toBe(false);
    expect(audienceCovers(legal, { userId: 'U0LEO', department: 'legal', isAdmin: false })).toBe(true);
    expect(audienceCovers(legal, { userId: 'U0SAM', department: 'Sales', isAdmin: false })).toBe(false);
    const mixed = { ...legal, members: [...legal.members, { userId: 'U0SAM', department: 'Sales', isAdmin: false }] };
    expect(audienceCovers(mixed, { userId: 'U0LEO', department: 'Legal', isAdmin: false })).toBe(false);
    const unknown = { ...legal, members: [...legal.members, { userId: 'U0NEW', isAdmin: false }] };
    expect(audienceCovers(unknown, { userId: 'U0LEO', department: 'Legal', isAdmin: false })).toBe(false);
    expect(audienceCovers(legal, { userId: 'U0ADM', isAdmin: true })).toBe(false);
    const withAdmin = { ...legal, members: [...legal.members, { userId: 'U0ADM', isAdmin: true }] };
    expect(audienceCovers(withAdmin, { userId: 'U0LEO', department: 'Legal', isAdmin: false })).toBe(true);
  });

  it('tells the asker how many sources were left out', () => {
    expect(withheldNote(1)).toContain('I left out one source that');
    expect(withheldNote(3)).toContain('I left out 3 sources that');
  });
});

describe('gapsForChannel: knowledge gaps posted in a channel', () => {
  const gaps = (): GapsReport => ({
    window: { from: '2026-11-30', to: '2026-12-06', label: 'last week' },
    minGroupSize: 5,
    notes: [],
    teams: [
      {
        team: 'Legal',
        askers: 6,
        notFound: 2,
        thumbsDown: 0,
        handoffs: 0,
        closest: [
          { source: 'legal.md', title: 'Legal only', heading: '', count: 2 },
          { source: 'open.md', title: 'Open', heading: '', count: 1 },
        ],
      },
    ],
  });
  const withAccess = (): Services =>
    ({ ...channelServices(), verified: { accessOf: async (s: string) => (s === 'legal.md' ? ['Legal'] : null) } }) as unknown as Services;

  it("names what the channel's members may read, and only unrestricted documents where Slack will not say who reads", async () => {
    const legal = channelClient({ is_private: true }, [['U0LEA']]).client;
    expect((await gapsForChannel(withAccess(), legal, 'C0LEG', gaps())).teams[0]?.closest.map((c) => c.source)).toEqual([
      'legal.md',
      'open.md',
    ]);
    const unknown = channelClient(new Error('channel_not_found')).client;
    expect((await gapsForChannel(withAccess(), unknown, 'C0Q', gaps())).teams[0]?.closest.map((c) => c.source)).toEqual(['open.md']);
    const dm = channelClient({ is_im: true }).client;
    expect((await gapsForChannel(withAccess(), dm, 'D0X', gaps())).teams[0]?.closest.map((c) => c.source)).toEqual(['open.md']);
  });
});
