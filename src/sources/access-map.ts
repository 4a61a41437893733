import type { AccessMap, Departments } from './spec.js';

/** Who may read a synced document, in Kiki's terms. `nobody` documents are never written to the index. */
export type AccessDecision =
  | { kind: 'everyone'; unmapped: string[] }
  | { kind: 'groups'; groups: string[]; unmapped: string[] }
  | { kind: 'nobody'; unmapped: string[] };

/** A principal the source grants read access to. */
export type Principal =
  | { type: 'anyone' }
  | { type: 'domain'; id: string }
  | { type: 'group'; id: string; name?: string | undefined }
  | { type: 'user'; id: string; name?: string | undefined }
  | { type: 'other'; id: string };

export const EVERYONE: AccessDecision = { kind: 'everyone', unmapped: [] };

function describe(p: Principal): string {
  if (p.type === 'anyone') return 'anyone';
  const label = 'name' in p && p.name && p.name !== p.id ? `${p.name} (${p.id})` : p.id;
  return `${p.type}:${label}`;
}

function lookup(table: Record<string, Departments> | undefined, ...keys: (string | undefined)[]): Departments | undefined {
  if (!table) return undefined;
  for (const k of keys) {
    if (k === undefined) continue;
    const hit = table[k] ?? Object.entries(table).find(([key]) => key.toLowerCase() === k.toLowerCase())?.[1];
    if (hit !== undefined) return hit;
  }
  return undefined;
}

function mapOne(map: AccessMap, p: Principal): Departments | undefined {
  switch (p.type) {
    case 'anyone':
      return map.anyone;
    case 'domain':
      return lookup(map.domains, p.id);
    case 'group':
      return lookup(map.groups, p.id, p.name);
    case 'user':
      return lookup(map.users, p.id, p.name);
    default:
      return undefined;
  }
}

/**
 * One level of a source's permissions: whoever holds any of `principals` may read. An empty list means the
 * level does not restrict. A principal the map does not name grants nothing (the document reaches fewer
 * people than in the source, never more); if none is mapped, nobody.
 */
export function decideLevel(map: AccessMap, principals: Principal[]): AccessDecision {
  if (principals.length === 0) return EVERYONE;
  const unmapped: string[] = [];
  const groups = new Set<string>();
  let everyone = false;
  for (const p of principals) {
    const mapped = mapOne(map, p);
    if (mapped === undefined) unmapped.push(describe(p));
    else if (mapped === 'everyone') everyone = true;
    else for (const d of typeof mapped === 'string' ? [mapped] : mapped) groups.add(d);
  }
  if (everyone) return { kind: 'everyone', unmapped };
  if (groups.size === 0) return { kind: 'nobody', unmapped };
  return { kind: 'groups', groups: [...groups].sort(), unmapped };
}

/** Every level must allow the reader (space, then each restricted ancestor, then the page): the intersection. */
export function intersect(...levels: AccessDecision[]): AccessDecision {
  const unmapped = [...new Set(levels.flatMap((l) => l.unmapped))];
  let groups: string[] | undefined;
  for (const l of levels) {
    if (l.kind === 'nobody') return { kind: 'nobody', unmapped };
    if (l.kind === 'everyone') continue;
    if (!groups) groups = l.groups;
    else {
      const allowed = new Set(l.groups.map((g) => g.toLowerCase()));
      groups = groups.filter((g) => allowed.has(g.toLowerCase()));
    }
  }
  if (!groups) return { kind: 'everyone', unmapped };
  return groups.length ? { kind: 'groups', groups, unmapped } : { kind: 'nobody', unmapped };
}

/** The fixed access of a source without its own permissions (a folder, a web site). */
export function fixedAccess(access: Departments | undefined): AccessDecision {
  if (access === undefined || access === 'everyone') return EVERYONE;
  const groups = typeof access === 'string' ? [access] : access;
  return { kind: 'groups', groups, unmapped: [] };
}

/** A stable key for "did the access change": compared with what the store holds. */
export function accessKey(a: AccessDecision): string {
  return a.kind === 'groups' ? `groups:${a.groups.join(',')}` : a.kind;
}
