import type { App } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { FEEDBACK_NOTE_VIEW } from '../../blocks/answer.js';
import { CHANNEL_VIEW } from '../../blocks/channels.js';
import { CONTRACT_CALLBACK } from '../../blocks/contract.js';
import { CORRECT_MODAL_ID } from '../../blocks/sentiment-check.js';
import { SENTIMENT_MODAL_ID } from '../../blocks/sentiment-report.js';
import { VERIFIED_VIEW } from '../../blocks/verified.js';
import { channelSettingsSubmit } from './channel-settings.js';
import { contractSubmit } from './contract-submit.js';
import { feedbackNote } from './feedback-note.js';
import { sentimentCorrectSubmit } from './sentiment-correct.js';
import { sentimentSubmit } from './sentiment-submit.js';
import { verifiedSubmit } from './verified-submit.js';

export function registerViews(app: App, services: Services): void {
  app.view(CONTRACT_CALLBACK, contractSubmit(services));
  app.view(SENTIMENT_MODAL_ID, sentimentSubmit(services));
  app.view(CORRECT_MODAL_ID, sentimentCorrectSubmit(services));
  app.view(FEEDBACK_NOTE_VIEW, feedbackNote(services));
  app.view(VERIFIED_VIEW, verifiedSubmit(services));
  app.view(CHANNEL_VIEW, channelSettingsSubmit(services));
}
