import { canSee, PUBLIC_ACCESS } from '../retrieval/access.js';
import type { Asker, Passage, Retriever, SearchOptions } from '../retrieval/types.js';

/**
 * Who can read the place where an answer appears. The asker's own DM and ephemeral replies have no
 * audience beyond the asker (no `audience` at all); elsewhere the audience bounds what the answer may use.
 */
export type Audience =
  /** A public channel: only documents everyone may read. */
  | { kind: 'everyone'; where: string }
  /** A private channel, group DM or hand-off channel: only documents every member may read. */
  | { kind: 'members'; where: string; members: Asker[] }
  /** A channel shared with another organisation (Slack Connect): no internal documents at all. */
  | { kind: 'outside'; where: string };

/** True when every reader of the place may see a document with these access rules. */
export function audienceMayRead(audience: Audience, access: string[] | undefined): boolean {
  if (audience.kind === 'outside') return false;
  if (!access) return true;
  // A document whose access includes `public` is for anyone, guests from other organisations included.
  if (audience.kind === 'everyone') return access.some((a) => a.toLowerCase() === PUBLIC_ACCESS);
  return audience.members.length > 0 && audience.members.every((m) => canSee(m, access));
}

/**
 * Searches with the asker's access, then keeps only what the audience may read. `withheld` counts the
 * passages of the asker's own top k that were left out, so the asker can be told to ask in a DM.
 */
export async function searchForAudience(
  retriever: Retriever,
  query: string,
  asker: Asker,
  k: number,
  audience?: Audience,
  options: Omit<SearchOptions, 'k'> = {},
): Promise<{ passages: Passage[]; withheld: number }> {
  if (!audience) return { passages: await retriever.search(query, asker, { ...options, k }), withheld: 0 };
  const found = await retriever.search(query, asker, { ...options, k: k * 2 });
  const withheld = found.slice(0, k).filter((p) => !audienceMayRead(audience, p.access)).length;
  return { passages: found.filter((p) => audienceMayRead(audience, p.access)).slice(0, k), withheld };
}
