import type { App, BlockAction, BlockButtonAction, StaticSelectAction } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { TEMPLATE_ACTION } from '../../blocks/contract.js';
import { USAGE_EXPORT_ACTION } from '../../blocks/usage-report.js';
import { contractTemplateSelect } from './contract-template-select.js';
import { usageExport } from './usage-export.js';

export function registerActions(app: App, services: Services): void {
  app.action<BlockAction<StaticSelectAction>>(TEMPLATE_ACTION, contractTemplateSelect(services));
  app.action<BlockButtonAction>(USAGE_EXPORT_ACTION, usageExport(services));
}
