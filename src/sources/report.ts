import type { Store } from '../store/db.js';
import { SLACK_SEARCH_NOTE, scopesFor, slackSearchAvailability } from './slack-search.js';
import type { SourceSpec } from './spec.js';
import { SourceState } from './state.js';

export interface SourceStatus {
  name: string;
  type: SourceSpec['type'];
  lastSync: string | null;
  lastSuccess: string | null;
  /** Documents in the index / visible to nobody (permissions unmapped) / failed to convert. */
  documents: number;
  hidden: number;
  failed: number;
  error: string | null;
  note?: string;
  /** slack-search: the channel types searched and the bot scopes they need (manifest.json asks for search:read.public). */
  channelTypes?: string[];
  scopes?: string[];
  /** slack-search: what Slack said of the Real-time Search API on this workspace (assistant.search.info). */
  availability?: string;
  /** With --access: every principal no mapping names, with the documents it affects. */
  unmapped?: { principal: string; documents: number; examples: string[] }[];
}

const iso = (ms: number | null) => (ms ? new Date(ms).toISOString() : null);

/** What `kiki sources` shows: one line per configured source, from the store. */
export async function sourceStatuses(
  store: Store,
  sources: SourceSpec[],
  withAccess = false,
  /** assistant.search.info with Kiki's bot token, when it has one (slack-search sources say what Slack answered). */
  searchInfo?: () => Promise<unknown>,
): Promise<SourceStatus[]> {
  const state = new SourceState(store);
  const out: SourceStatus[] = [];
  for (const s of sources) {
    const st = await state.state(s.name);
    const docs = await state.documents(s.name);
    const status: SourceStatus = {
      name: s.name,
      type: s.type,
      lastSync: iso(st?.finished_at ?? null),
      lastSuccess: iso(st?.succeeded_at ?? null),
      documents: docs.filter((d) => d.path).length,
      hidden: docs.filter((d) => !d.path && !d.error).length,
      failed: docs.filter((d) => d.error).length,
      error: st?.error ?? null,
    };
    if (s.type === 'folder') status.note = `folder ${s.path}, read by ingest directly`;
    if (s.type === 'slack-search') {
      const availability = await slackSearchAvailability(searchInfo);
      Object.assign(status, { note: SLACK_SEARCH_NOTE, availability, channelTypes: s.channelTypes, scopes: scopesFor(s) });
    }
    if (withAccess) {
      const by = new Map<string, { documents: number; examples: string[] }>();
      for (const d of docs) {
        for (const p of d.unmapped ? (JSON.parse(d.unmapped) as string[]) : []) {
          const e = by.get(p) ?? { documents: 0, examples: [] };
          e.documents++;
          if (e.examples.length < 3) e.examples.push(d.title);
          by.set(p, e);
        }
      }
      status.unmapped = [...by.entries()].map(([principal, e]) => ({ principal, ...e })).sort((a, b) => b.documents - a.documents);
    }
    out.push(status);
  }
  return out;
}

export function formatStatuses(list: SourceStatus[]): string {
  const lines: string[] = [];
  for (const s of list) {
    lines.push(`${s.name} (${s.type})`);
    if (s.note) lines.push(`  ${s.note}`);
    if (s.availability) lines.push(`  ${s.availability}`);
    if (s.channelTypes) lines.push(`  channel types: ${s.channelTypes.join(', ')}; bot scopes needed: ${(s.scopes ?? []).join(', ')}`);
    if (s.type !== 'folder' && s.type !== 'slack-search') {
      lines.push(
        `  last sync: ${s.lastSync ?? 'never'}${s.lastSuccess && s.lastSuccess !== s.lastSync ? ` (last success ${s.lastSuccess})` : ''}`,
      );
      lines.push(`  documents: ${s.documents} indexed, ${s.hidden} visible to nobody (permissions unmapped), ${s.failed} failed`);
    }
    if (s.error) lines.push(`  error: ${s.error}`);
    if (s.unmapped) {
      if (!s.unmapped.length) lines.push('  unmapped permissions: none');
      for (const u of s.unmapped) lines.push(`  unmapped: ${u.principal} on ${u.documents} document(s), e.g. ${u.examples.join('; ')}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
