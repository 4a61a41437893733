import type { WebClient } from '@slack/web-api';
import { LRUCache } from 'lru-cache';
import type { Logger } from '../logger.js';

/**
 * People from another organisation in a Slack Connect channel: a user whose own team (or enterprise)
 * is not the workspace Kiki is installed in. They never get answers from internal documents.
 */
export interface Membership {
  /** The user's own team id: what streamed answers name as the recipient's team. */
  teamId?: string;
  outsider: boolean;
  /** Slack could not say (users.info failed and the event named no team): counted as an outsider. */
  unverified?: true;
}

/** What Slack said of a person holds ten minutes (a guest who joins the organisation is answered then), for the 10,000 people last asked about. */
const cache = new LRUCache<string, Membership>({ max: 10_000, ttl: 10 * 60_000 });

type Who = { userId: string; workspaceTeamId?: string; enterpriseId?: string; userTeamHint?: string };

/**
 * Insider or outsider, as Slack says (users.info), else as the signed event's `user_team` says. When neither
 * says, the person counts as an outsider (fail closed), and only what Slack itself answered is cached: a guess
 * is never kept.
 */
export async function membershipOf(client: WebClient, logger: Logger, who: Who): Promise<Membership> {
  const key = `${who.workspaceTeamId ?? ''}:${who.userId}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const told = await askSlack(client, logger, who.userId);
  if (!told) return fromEvent(who);
  const teamId = told.teamId ?? who.userTeamHint;
  const sameEnterprise = Boolean(who.enterpriseId && told.enterpriseId && who.enterpriseId === told.enterpriseId);
  const outsider = !sameEnterprise && Boolean(teamId && who.workspaceTeamId && teamId !== who.workspaceTeamId);
  const value: Membership = { ...(teamId ? { teamId } : {}), outsider };
  cache.set(key, value);
  return value;
}

async function askSlack(client: WebClient, logger: Logger, user: string): Promise<{ teamId: string; enterpriseId?: string } | undefined> {
  try {
    const res = await client.users.info({ user });
    const u = res.user;
    if (!u?.team_id) return undefined;
    const enterpriseId = u.enterprise_user?.enterprise_id;
    return { teamId: u.team_id, ...(enterpriseId ? { enterpriseId } : {}) };
  } catch (error) {
    // Unknown to users.info (e.g. no users:read for an external org): judged from the event, not cached.
    logger.warn({ err: error }, 'users.info failed; judging membership from the event, not cached');
    return undefined;
  }
}

/** Without Slack's word: the event's own `user_team` decides; no team at all counts as an outsider. */
function fromEvent(who: Who): Membership {
  const team = who.userTeamHint;
  if (!team || !who.workspaceTeamId) return { ...(team ? { teamId: team } : {}), outsider: true, unverified: true };
  return { teamId: team, outsider: team !== who.workspaceTeamId };
}

export const UNVERIFIED_REFUSAL =
  "I couldn't check with Slack just now that you're in our organisation, so I can't answer from internal documents. Please try again in a moment.";

export const OUTSIDER_REFUSAL =
  'Sorry, I can only help people in our own organisation: I answer from internal documents. Your contact here can help you with this.';

export { userTeamOf } from './payloads.js';
