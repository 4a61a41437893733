import type { KnownBlock } from '@slack/types';
import type { SourceStatus } from '../../sources/report.js';
import { escapeMrkdwn, truncate } from './escape.js';

/** Sections a Home tab spends on sources (100 blocks at most in all); the rest are counted. */
const SOURCES_SHOWN = 10;

/** A time Slack shows in each reader's own time zone (https://api.slack.com/reference/surfaces/formatting#date-formatting). */
function when(iso: string | null): string {
  if (!iso) return 'never';
  const seconds = Math.floor(Date.parse(iso) / 1000);
  return `<!date^${seconds}^{date_short_pretty} {time}|${iso}>`;
}

function sourceText(s: SourceStatus): string {
  const lines = [`*${escapeMrkdwn(s.name)}* (${s.type})`];
  if (s.type === 'folder' || s.type === 'slack-search') {
    if (s.note) lines.push(escapeMrkdwn(s.note));
  } else {
    const success = s.lastSuccess && s.lastSuccess !== s.lastSync ? ` (last success ${when(s.lastSuccess)})` : '';
    lines.push(`Last sync: ${when(s.lastSync)}${success}`);
    lines.push(`${s.documents} indexed · ${s.hidden} visible to nobody (permissions unmapped) · ${s.failed} failed`);
  }
  if (s.error) lines.push(`:warning: ${escapeMrkdwn(s.error)}`);
  return lines.join('\n');
}

/** "Knowledge sources", for admins: each source's last sync, document counts and error (issue 22). */
export function buildSourcesHealthBlocks(sources: SourceStatus[] | { error: string }): KnownBlock[] {
  const blocks: KnownBlock[] = [{ type: 'header', text: { type: 'plain_text', text: 'Knowledge sources' } }];
  if (!Array.isArray(sources)) {
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `:warning: ${escapeMrkdwn(sources.error)}` } });
    return blocks;
  }
  for (const s of sources.slice(0, SOURCES_SHOWN))
    blocks.push({ type: 'section', text: { type: 'mrkdwn', text: truncate(sourceText(s)) } });
  const more = sources.length - SOURCES_SHOWN;
  const notes = [...(more > 0 ? [`${more} more: see \`kiki sources\`.`] : []), 'Unmapped permissions: `kiki sources --access`.'];
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: notes.join(' ') }] });
  return blocks;
}
