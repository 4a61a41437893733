import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { isAdmin } from '../../../config.js';
import type { Services } from '../../../services.js';
import { parseSince } from '../../../usage/window.js';
import { buildGapsBlocks } from '../../blocks/usage-gaps.js';
import { buildUsageSummaryBlocks, usageSummaryText } from '../../blocks/usage-report.js';
import { sendReportToDm } from '../../usage-delivery.js';

const WINDOWS = ['7d', '30d', '90d'];

/** `/kiki-usage [7d|30d|90d]`: admins get an ephemeral summary here, and the chart and CSV in their DM. */
export function kikiUsageCommand(services: Services) {
  return async ({ ack, command, respond, client }: SlackCommandMiddlewareArgs & AllMiddlewareArgs): Promise<void> => {
    const userId = command.user_id;
    if (!isAdmin(services.config, userId)) {
      await ack({
        response_type: 'ephemeral',
        text: 'Usage reports are for Kiki admins only. Ask one of them if you need adoption figures.',
      });
      services.usage.record({ name: 'report.usage', userId, feature: 'report', surface: 'command', outcome: 'refused' });
      return;
    }
    const arg = command.text.trim().toLowerCase() || '30d';
    if (!WINDOWS.includes(arg)) {
      await ack({ response_type: 'ephemeral', text: `Use \`/kiki-usage 7d\`, \`/kiki-usage 30d\` (the default) or \`/kiki-usage 90d\`.` });
      return;
    }
    await ack();
    const started = Date.now();
    const window = parseSince(arg);
    const [report, gaps] = await Promise.all([services.reports.report(window), services.reports.gaps(window)]);
    await respond({
      response_type: 'ephemeral',
      text: usageSummaryText(report),
      blocks: [...buildUsageSummaryBlocks(report, services.reports.minutesSavedText()), ...buildGapsBlocks(gaps)],
    });
    let outcome: 'completed' | 'error' = 'completed';
    try {
      await sendReportToDm(client, userId, report);
    } catch (error) {
      outcome = 'error';
      services.logger.error({ err: error }, '/kiki-usage: chart and CSV not delivered');
      await respond({
        response_type: 'ephemeral',
        text: 'The summary above is complete, but I could not send the chart and CSV to your DM. Please try again in a moment.',
      });
    }
    services.usage.record({
      name: 'report.usage',
      userId,
      feature: 'report',
      surface: 'command',
      outcome,
      latencyMs: Date.now() - started,
    });
  };
}
