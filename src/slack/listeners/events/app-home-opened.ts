import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import { suggestedPrompts } from '../../../assistant/suggested-prompts.js';
import { isAdmin } from '../../../config.js';
import { UNASSIGNED } from '../../../directory.js';
import { isKikiError } from '../../../errors.js';
import type { Services } from '../../../services.js';
import { buildChannelAdminBlocks } from '../../blocks/channels.js';
import { buildSourcesHealthBlocks } from '../../blocks/sources-health.js';
import { buildGapsBlocks } from '../../blocks/usage-gaps.js';
import { buildAdminHomeBlocks, buildEmployeeHomeBlocks } from '../../blocks/usage-report.js';
import { verifiedHomeBlocks } from '../../verified-home.js';
import { welcomeInMessagesTab } from './agent-view.js';

/** Admins see the adoption dashboard above the employee view; everyone else sees what Kiki can do for them. */
export function appHomeOpened(services: Services) {
  return async ({ event, client }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs): Promise<void> => {
    if (event.tab === 'messages') {
      await welcomeInMessagesTab(services, client, event.user, event.channel);
      return;
    }
    if (event.tab !== 'home') return;
    await publishHome(services, client, event.user);
  };
}

/** Builds and publishes a person's Home tab (also after an admin changes channel answers). */
export async function publishHome(services: Services, client: WebClient, userId: string): Promise<void> {
  const event = { user: userId };
  {
    const department = await services.directory.labelDepartmentOf(event.user);
    const employee = buildEmployeeHomeBlocks({
      ...(department !== UNASSIGNED ? { department } : {}),
      prompts: suggestedPrompts(department),
      ...(services.config.KIKI_ESCALATION_CHANNEL ? { escalationChannel: services.config.KIKI_ESCALATION_CHANNEL } : {}),
    });
    let blocks: KnownBlock[] = employee;
    if (isAdmin(services.config, event.user)) {
      try {
        const [report, gaps, channels, sources] = await Promise.all([
          services.reports.recent(30),
          services.reports.recentGaps(30),
          channelAnswerList(services),
          sourcesHealth(services),
        ]);
        blocks = [
          ...sources,
          ...buildChannelAdminBlocks(channels),
          { type: 'divider' },
          ...buildAdminHomeBlocks(report, services.reports.minutesSavedText()),
          ...buildGapsBlocks(gaps),
          { type: 'divider' },
          ...employee,
        ];
      } catch (error) {
        services.logger.error({ err: error }, 'App Home: adoption dashboard not built');
        blocks = [
          {
            type: 'section',
            text: {
              type: 'mrkdwn',
              text: ":warning: The adoption dashboard could not be loaded; see Kiki's log. `/kiki-usage` may still work.",
            },
          },
          ...employee,
        ];
      }
    }
    const verified = await verifiedHomeBlocks(services, event.user).catch((error: unknown) => {
      services.logger.warn({ err: error }, 'App Home: verified answers not listed');
      return [];
    });
    blocks = [...verified, ...blocks];
    // A Home tab holds at most 100 blocks.
    await client.views.publish({ user_id: event.user, view: { type: 'home', blocks: blocks.slice(0, 100) } });
  }
}

/** With KIKI_SOURCES, each source's health; a sources file that does not parse says so instead. */
async function sourcesHealth(services: Services): Promise<KnownBlock[]> {
  const { config } = services;
  if (!config.KIKI_SOURCES) return [];
  const [{ loadSources }, { sourceStatuses }] = await Promise.all([
    import('../../../sources/spec.js'),
    import('../../../sources/report.js'),
  ]);
  let list: Awaited<ReturnType<typeof sourceStatuses>>;
  try {
    list = await sourceStatuses(services.store, loadSources(config.KIKI_SOURCES, config.KNOWLEDGE_DIR));
  } catch (error) {
    services.logger.warn({ err: error }, 'App Home: knowledge sources not read');
    return [
      ...buildSourcesHealthBlocks({ error: isKikiError(error) ? error.userMessage : 'the sources could not be read (see the log)' }),
      { type: 'divider' },
    ];
  }
  return [...buildSourcesHealthBlocks(list), { type: 'divider' }];
}

async function channelAnswerList(services: Services) {
  const list = await services.channels.list();
  return Promise.all(list.map(async (settings) => ({ settings, today: await services.channels.answeredToday(settings.channelId) })));
}
