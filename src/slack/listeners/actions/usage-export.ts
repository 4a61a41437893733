import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { isAdmin } from '../../../config.js';
import type { Services } from '../../../services.js';
import { parseSince } from '../../../usage/window.js';
import { openDm } from '../../upload.js';
import { sendReportToDm } from '../../usage-delivery.js';

/** The App Home's "Chart + CSV" buttons: the export goes to the admin's DM. */
export function usageExport(services: Services) {
  return async ({ ack, body, action, client }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const userId = body.user.id;
    if (!isAdmin(services.config, userId)) {
      services.logger.warn({ action: action.action_id }, 'usage export pressed by a non-admin; ignored');
      const channel = await openDm(client, userId);
      await client.chat.postMessage({ channel, text: 'Usage reports are for Kiki admins only.' });
      return;
    }
    const window = ['7d', '30d', '90d'].find((w) => w === action.value) ?? '30d';
    const started = Date.now();
    const report = await services.reports.report(parseSince(window));
    await sendReportToDm(client, userId, report);
    services.usage.record({
      name: 'report.export',
      userId,
      feature: 'report',
      surface: 'home',
      outcome: 'completed',
      latencyMs: Date.now() - started,
    });
  };
}
