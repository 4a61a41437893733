import type { App, BlockButtonAction } from '@slack/bolt';
import type { Services } from '../../../services.js';
import { USAGE_EXPORT_ACTION } from '../../blocks/usage-report.js';
import { usageExport } from './usage-export.js';

export function registerActions(app: App, services: Services): void {
  app.action<BlockButtonAction>(USAGE_EXPORT_ACTION, usageExport(services));
}
