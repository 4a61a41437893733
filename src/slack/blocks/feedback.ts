import type { ModalView } from '@slack/types';
import { FEEDBACK_NOTE_VIEW } from './answer.js';

export const NOTE_BLOCK = 'note';
export const NOTE_ACTION = 'note_input';

/** The optional "what was wrong?" form after a 👎. */
export function buildFeedbackNoteView(eventId: string): ModalView {
  return {
    type: 'modal',
    callback_id: FEEDBACK_NOTE_VIEW,
    private_metadata: eventId,
    title: { type: 'plain_text', text: 'Thanks for telling us' },
    submit: { type: 'plain_text', text: 'Send' },
    close: { type: 'plain_text', text: 'Skip' },
    blocks: [
      {
        type: 'input',
        block_id: NOTE_BLOCK,
        optional: true,
        label: { type: 'plain_text', text: 'What was wrong? (optional)' },
        element: { type: 'plain_text_input', action_id: NOTE_ACTION, multiline: true, max_length: 2000 },
      },
    ],
  };
}
