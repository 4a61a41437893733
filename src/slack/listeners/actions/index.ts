import type { App, BlockAction, StaticSelectAction } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { TEMPLATE_ACTION } from '../../blocks/contract.js';
import { contractTemplateSelect } from './contract-template-select.js';

export function registerActions(app: App, services: Services): void {
  app.action<BlockAction<StaticSelectAction>>(TEMPLATE_ACTION, contractTemplateSelect(services));
}
