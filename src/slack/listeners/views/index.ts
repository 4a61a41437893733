import type { App } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { FEEDBACK_NOTE_VIEW } from '../../blocks/answer.js';
import { feedbackNote } from './feedback-note.js';

export function registerViews(app: App, services: Services): void {
  app.view(FEEDBACK_NOTE_VIEW, feedbackNote(services));
}
