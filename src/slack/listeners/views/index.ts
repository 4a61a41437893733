import type { App } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { FEEDBACK_NOTE_VIEW } from '../../blocks/answer.js';
import { CONTRACT_CALLBACK } from '../../blocks/contract.js';
import { contractSubmit } from './contract-submit.js';
import { feedbackNote } from './feedback-note.js';

export function registerViews(app: App, services: Services): void {
  app.view(CONTRACT_CALLBACK, contractSubmit(services));
  app.view(FEEDBACK_NOTE_VIEW, feedbackNote(services));
}
