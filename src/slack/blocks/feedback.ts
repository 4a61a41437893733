import type { ModalView } from '@slack/types';
import { FEEDBACK_NOTE_VIEW } from './answer.js';

export const NOTE_BLOCK = 'note';
export const NOTE_ACTION = 'note_input';
export const NOTE_THANKS = 'Thanks for telling us what was wrong. The team that owns these documents will look at it.';

/** Where a 👎 was given: the answer's usage event, and the conversation to thank the person in. */
export interface NoteMeta {
  e: string;
  c?: string;
  t?: string;
}

/** The optional "what was wrong?" form after a 👎. */
export function buildFeedbackNoteView(meta: NoteMeta): ModalView {
  return {
    type: 'modal',
    callback_id: FEEDBACK_NOTE_VIEW,
    private_metadata: JSON.stringify(meta),
    title: { type: 'plain_text', text: 'Thanks for telling us' },
    submit: { type: 'plain_text', text: 'Send' },
    close: { type: 'plain_text', text: 'Skip' },
    blocks: [
      {
        type: 'input',
        block_id: NOTE_BLOCK,
        optional: true,
        // Slack adds "(optional)" to the label of an optional input itself.
        label: { type: 'plain_text', text: 'What was wrong?' },
        element: { type: 'plain_text_input', action_id: NOTE_ACTION, multiline: true, max_length: 2000 },
      },
    ],
  };
}
