import type { KnownBlock } from '@slack/types';

export const HELP_TEXT =
  'Kiki answers questions from our internal documents, drafts contracts for Legal, reads press sentiment for Comms and reports adoption for admins.';

/** The overview `/kiki help` (and `/kiki` alone) answers with. */
export function buildHelpBlocks(): KnownBlock[] {
  return [
    { type: 'header', text: { type: 'plain_text', text: 'What Kiki can do' } },
    {
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: [
          '*Ask me anything about how we work.* I answer from our internal documents and cite the exact document and section. When the documents do not say, I tell you so and put you in touch with the team that owns the topic.',
          '• DM me, mention me with `@Kiki` in a channel, open me in the assistant pane, or type `/kiki your question`.',
          '• `/kiki-contract` drafts a contract from an approved template (Legal).',
          '• `/kiki-sentiment` turns press articles into a sentiment report (Comms).',
          '• `/kiki-usage` shows adoption and quality per department (admins).',
        ].join('\n'),
      },
    },
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: 'Want a person instead? Say "talk to a human" at any time, or press *Talk to a human* under any answer.' },
      ],
    },
  ];
}
