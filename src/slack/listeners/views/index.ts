import type { App } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { SENTIMENT_MODAL_ID } from '../../blocks/sentiment-report.js';
import { sentimentSubmit } from './sentiment-submit.js';

export function registerViews(app: App, services: Services): void {
  app.view(SENTIMENT_MODAL_ID, sentimentSubmit(services));
}
