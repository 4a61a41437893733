import type { App, BlockAction, BlockButtonAction, StaticSelectAction } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { ACTION } from '../../blocks/answer.js';
import { CHANNEL_ACTION } from '../../blocks/channels.js';
import { TEMPLATE_ACTION } from '../../blocks/contract.js';
import { CHECK_ACTION, CORRECT_OTHER_ACTION } from '../../blocks/sentiment-check.js';
import { HOME_ASK_ACTION, USAGE_EXPORT_ACTION } from '../../blocks/usage-report.js';
import { VERIFIED_ACTION } from '../../blocks/verified.js';
import { addChannel, disableChannel } from './channel-admin.js';
import { contractTemplateSelect } from './contract-template-select.js';
import { feedbackClick } from './feedback-button.js';
import { homeAsk } from './home-ask.js';
import { markResolved } from './mark-resolved.js';
import { sentimentCheckSelect, sentimentCorrectOther } from './sentiment-check.js';
import { shareAnswer } from './share-answer.js';
import { talkToHuman } from './talk-to-human.js';
import { usageExport } from './usage-export.js';
import { reviewAction, saveAsAnswer, verifiedDown } from './verified.js';

export function registerActions(app: App, services: Services): void {
  app.action<BlockAction<StaticSelectAction>>(TEMPLATE_ACTION, contractTemplateSelect(services));
  app.action<BlockButtonAction>(USAGE_EXPORT_ACTION, usageExport(services));
  app.action<BlockButtonAction>(CHANNEL_ACTION.add, addChannel(services));
  app.action<BlockButtonAction>(CHANNEL_ACTION.disable, disableChannel(services));
  app.action<BlockAction<StaticSelectAction>>(CHECK_ACTION, sentimentCheckSelect(services));
  app.action<BlockButtonAction>(CORRECT_OTHER_ACTION, sentimentCorrectOther(services));
  app.action(ACTION.feedback, feedbackClick(services));
  app.action(ACTION.feedbackUp, feedbackClick(services, 'up'));
  app.action(ACTION.feedbackDown, feedbackClick(services, 'down'));
  app.action(ACTION.handoff, talkToHuman(services));
  app.action(ACTION.resolve, markResolved(services));
  app.action(ACTION.share, shareAnswer(services));
  app.action<BlockButtonAction>(new RegExp(`^${HOME_ASK_ACTION}_\\d+$`), homeAsk(services));
  app.action(VERIFIED_ACTION.save, saveAsAnswer(services));
  app.action(VERIFIED_ACTION.feedbackDown, verifiedDown(services));
  app.action(VERIFIED_ACTION.stillRight, reviewAction(services, 'stillRight'));
  app.action(VERIFIED_ACTION.edit, reviewAction(services, 'edit'));
  app.action(VERIFIED_ACTION.retire, reviewAction(services, 'retire'));
}
