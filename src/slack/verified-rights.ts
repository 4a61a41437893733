import type { Handoff } from '../assistant/handoffs.js';
import type { RouteEntry } from '../assistant/routing.js';
import type { Citation } from '../assistant/types.js';
import { askerFor, canSee, combineAccess } from '../retrieval/access.js';
import type { Asker } from '../retrieval/types.js';
import type { Services } from '../services.js';
import type { VerifiedAnswer } from '../verified/types.js';

/**
 * Who may save and change verified answers. Rights come from the person's department (the people directory)
 * and the admin role, never from membership of a channel: anyone can be invited into a team's channel.
 */
const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

function belongs(route: RouteEntry, department: string | undefined): boolean {
  if (!department) return false;
  return [route.team, ...(route.owners ?? []), ...(route.departments ?? [])].some((d) => same(d, department));
}

/** The teams whose answers this person manages: the routes of their department; admins manage all. */
export function teamsOf(services: Services, asker: Asker): string[] {
  const routes = services.routing.routes;
  return (asker.isAdmin ? routes : routes.filter((r) => belongs(r, asker.department))).map((r) => r.team);
}

function inTeam(services: Services, asker: Asker, team: string): boolean {
  return teamsOf(services, asker).some((t) => same(t, team));
}

/** May change an existing answer: admins; its verifier or a member of its team, if they may read it. */
export async function mayManage(services: Services, a: VerifiedAnswer, userId: string): Promise<boolean> {
  const asker = await askerFor(services.config, services.directory, userId);
  if (asker.isAdmin) return true;
  return canSee(asker, a.visibleTo) && (a.verifiedBy === userId || inTeam(services, asker, a.team));
}

/** May save an answer from a hand-off thread: admins, members of the owning team, and those who replied there. */
export async function maySaveFromHandoff(services: Services, handoff: Handoff, userId: string, repliers: Set<string>): Promise<boolean> {
  const asker = await askerFor(services.config, services.directory, userId);
  return asker.isAdmin || repliers.has(userId) || inTeam(services, asker, handoff.team);
}

export type Visibility = { ok: true; visibleTo?: string[] } | { ok: false; error: string };

/**
 * Who may see a verified answer: what the team picked, never wider than its sources. A source the index no
 * longer knows cannot be vouched for, and sources no one may read together cannot be kept.
 */
export async function boundVisibility(services: Services, picked: string[] | undefined, sources: Citation[]): Promise<Visibility> {
  const lists: string[][] = [];
  for (const s of sources) {
    const access = await services.verified.accessOf(s.url ?? s.source);
    if (access === undefined) return { ok: false, error: `Kiki can't tell who may read "${s.title}" any more: leave it out.` };
    if (access) lists.push(access);
  }
  const visibleTo = combineAccess(picked, ...lists);
  if (visibleTo && visibleTo.length === 0) return { ok: false, error: 'No department may read all of these sources: keep fewer.' };
  return visibleTo ? { ok: true, visibleTo } : { ok: true };
}
