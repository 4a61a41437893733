/** robots.txt (RFC 9309): the group for our user agent, else "*"; the longest matching rule wins, Allow on a tie. */
export interface Robots {
  allows(pathAndQuery: string): boolean;
}

export const ALLOW_ALL: Robots = { allows: () => true };
export const DISALLOW_ALL: Robots = { allows: () => false };

export function parseRobots(text: string, userAgent: string): Robots {
  const groups: { agents: string[]; rules: { allow: boolean; path: string }[] }[] = [];
  let current: (typeof groups)[number] | undefined;
  let lastWasAgent = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/#.*/, '').trim();
    const m = line.match(/^([A-Za-z-]+)\s*:\s*(.*)$/);
    if (!m) continue;
    const field = (m[1] ?? '').toLowerCase();
    const value = (m[2] ?? '').trim();
    if (field === 'user-agent') {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [] };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
    } else if ((field === 'allow' || field === 'disallow') && current) {
      lastWasAgent = false;
      if (value) current.rules.push({ allow: field === 'allow', path: value });
    } else lastWasAgent = false;
  }
  const ua = userAgent.toLowerCase();
  const mine = groups.filter((g) => g.agents.some((a) => a !== '*' && ua.includes(a)));
  const chosen = mine.length ? mine : groups.filter((g) => g.agents.includes('*'));
  const rules = chosen.flatMap((g) => g.rules);
  return {
    allows(target: string) {
      let best: { allow: boolean; length: number } | undefined;
      for (const r of rules) {
        if (!matches(r.path, target)) continue;
        if (!best || r.path.length > best.length || (r.path.length === best.length && r.allow))
          best = { allow: r.allow, length: r.path.length };
      }
      return best?.allow ?? true;
    },
  };
}

function matches(pattern: string, target: string): boolean {
  const anchored = pattern.endsWith('$');
  const body = (anchored ? pattern.slice(0, -1) : pattern)
    .split('*')
    .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}${anchored ? '$' : ''}`).test(target);
}
