import fs from 'node:fs';
import YAML from 'yaml';
import { z } from 'zod';
import { ErrorCode, KikiError } from '../errors.js';

/**
 * Who takes over when a person is wanted. The YAML file named by KIKI_ROUTING lists teams; a hand-off goes
 * to the first team that owns the best sources, else whose keywords the question contains, else whose
 * departments include the asker's, else to KIKI_ESCALATION_CHANNEL (see examples/routing.yml).
 */
const routeSchema = z.object({
  team: z.string().min(1),
  channel: z.string().min(1),
  /** A user group id (S…) to mention, or a user id (U…). */
  mention: z.string().min(1).optional(),
  owners: z.array(z.string()).optional(),
  departments: z.array(z.string()).optional(),
  keywords: z.array(z.string()).optional(),
});

const fileSchema = z.object({
  fallback: z.object({ channel: z.string().min(1), mention: z.string().optional() }).optional(),
  routes: z.array(routeSchema).default([]),
});

export type RouteEntry = z.infer<typeof routeSchema>;

export interface Route {
  team: string;
  channel: string;
  mention?: string;
  /** Why this route was chosen: owner, keyword, department or fallback. */
  reason: 'owner' | 'keyword' | 'department' | 'fallback';
}

export interface RoutingTable {
  routes: RouteEntry[];
  fallback?: { channel: string; mention?: string };
}

export function parseRouting(text: string, file = 'routing file'): RoutingTable {
  let data: unknown;
  try {
    data = YAML.parse(text);
  } catch (error) {
    throw new KikiError(ErrorCode.ConfigInvalid, `${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`, { cause: error });
  }
  const result = fileSchema.safeParse(data ?? {});
  if (!result.success) {
    const problems = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new KikiError(ErrorCode.ConfigInvalid, `${file} is invalid: ${problems}`);
  }
  return {
    routes: result.data.routes,
    ...(result.data.fallback ? { fallback: pruneUndefined(result.data.fallback) } : {}),
  };
}

export function loadRouting(file: string | undefined): RoutingTable {
  if (!file) return { routes: [] };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new KikiError(ErrorCode.ConfigInvalid, `KIKI_ROUTING: cannot read ${file}`, { cause: error });
  }
  return parseRouting(text, file);
}

export interface RouteInput {
  owners: string[];
  question: string;
  department?: string;
}

export function chooseRoute(table: RoutingTable, input: RouteInput, escalationChannel?: string): Route | undefined {
  const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();
  for (const owner of input.owners) {
    const r = table.routes.find((e) => [e.team, ...(e.owners ?? [])].some((o) => same(o, owner)));
    if (r) return toRoute(r, 'owner');
  }
  const byKeyword = keywordRoute(table, input.question);
  if (byKeyword) return toRoute(byKeyword, 'keyword');
  const dept = input.department;
  if (dept) {
    const r = table.routes.find((e) => (e.departments ?? []).some((d) => same(d, dept)));
    if (r) return toRoute(r, 'department');
  }
  const fallback = escalationChannel ? { channel: escalationChannel } : table.fallback;
  if (fallback) return { team: 'the help desk', ...pruneUndefined(fallback), reason: 'fallback' };
  return undefined;
}

/**
 * The team whose keywords the text names most; on a tie, the one named first ("a phishing email" is about
 * phishing, not email). Table order used to decide alone, so IT's "email" took every phishing thread.
 */
function keywordRoute(table: RoutingTable, text: string): RouteEntry | undefined {
  const q = ` ${text.toLowerCase()} `;
  let best: { entry: RouteEntry; hits: number; first: number } | undefined;
  for (const entry of table.routes) {
    const positions = (entry.keywords ?? []).map((k) => q.search(new RegExp(`\\b${escapeRegExp(k.toLowerCase())}`))).filter((i) => i >= 0);
    if (positions.length === 0) continue;
    const candidate = { entry, hits: positions.length, first: Math.min(...positions) };
    if (!best || candidate.hits > best.hits || (candidate.hits === best.hits && candidate.first < best.first)) best = candidate;
  }
  return best?.entry;
}

function toRoute(e: RouteEntry, reason: Route['reason']): Route {
  return { team: e.team, channel: e.channel, ...(e.mention ? { mention: e.mention } : {}), reason };
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function pruneUndefined<T extends object>(o: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]: Exclude<T[K], undefined> };
}
