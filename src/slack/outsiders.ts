import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.js';

/**
 * People from another organisation in a Slack Connect channel: a user whose own team (or enterprise)
 * is not the workspace Kiki is installed in. They never get answers from internal documents.
 */
export interface Membership {
  /** The user's own team id: what streamed answers name as the recipient's team. */
  teamId?: string;
  outsider: boolean;
}

const TTL_MS = 10 * 60_000;
const cache = new Map<string, { at: number; value: Membership }>();

export async function membershipOf(
  client: WebClient,
  logger: Logger,
  who: { userId: string; workspaceTeamId?: string; enterpriseId?: string; userTeamHint?: string },
): Promise<Membership> {
  const key = `${who.workspaceTeamId ?? ''}:${who.userId}`;
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value;
  let teamId = who.userTeamHint;
  let enterpriseId: string | undefined;
  try {
    const res = await client.users.info({ user: who.userId });
    const user = res.user as { team_id?: string; enterprise_user?: { enterprise_id?: string } } | undefined;
    teamId = user?.team_id ?? teamId;
    enterpriseId = user?.enterprise_user?.enterprise_id;
  } catch (error) {
    // Unknown to users.info (e.g. no users:read for an external org): fall back to the event's user_team.
    logger.debug({ err: error }, 'users.info failed; judging membership from the event');
  }
  const sameEnterprise = Boolean(who.enterpriseId && enterpriseId && who.enterpriseId === enterpriseId);
  const outsider = !sameEnterprise && Boolean(teamId && who.workspaceTeamId && teamId !== who.workspaceTeamId);
  const value: Membership = { ...(teamId ? { teamId } : {}), outsider };
  cache.set(key, { at: Date.now(), value });
  return value;
}

export const OUTSIDER_REFUSAL =
  'Sorry, I can only help people in our own organisation: I answer from internal documents. Your contact here can help you with this.';

/** The `user_team` a message or mention event carries in a shared channel, as a Question field. */
export function userTeamOf(event: unknown): { userTeam?: string } {
  const team = (event as { user_team?: unknown }).user_team;
  return typeof team === 'string' && team ? { userTeam: team } : {};
}
