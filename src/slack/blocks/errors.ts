import type { KnownBlock } from '@slack/types';

export function buildNoticeBlocks(text: string): KnownBlock[] {
  return [{ type: 'section', text: { type: 'mrkdwn', text } }];
}
