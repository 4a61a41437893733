import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { type ChannelSettingsInput, channelSettingsSchema } from '../../../channels/settings.js';
import { isAdmin } from '../../../config.js';
import type { Services } from '../../../services.js';
import { CHANNEL_FIELDS, FIELD_OF, readChannelModal } from '../../blocks/channels.js';
import { publishHome } from '../events/app-home-opened.js';

type Args = SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs;

/** The channel answers modal submitted: admins only, every field checked as the CLI checks it, then saved. */
export function channelSettingsSubmit(services: Services) {
  return async ({ ack, view, body, client }: Args): Promise<void> => {
    const userId = body.user.id;
    if (!isAdmin(services.config, userId)) {
      await ack({ response_action: 'errors', errors: { [CHANNEL_FIELDS.channel]: 'Only Kiki admins can turn channel answers on.' } });
      return;
    }
    const parsed = channelSettingsSchema.safeParse(readChannelModal(view.state.values));
    if (!parsed.success) {
      const errors: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const field = FIELD_OF[issue.path[0] as keyof ChannelSettingsInput] ?? CHANNEL_FIELDS.channel;
        errors[field] ??= issue.message;
      }
      await ack({ response_action: 'errors', errors });
      return;
    }
    const teams = services.routing.routes.map((r) => r.team);
    if (parsed.data.handoffTeam && teams.length && !teams.includes(parsed.data.handoffTeam)) {
      await ack({ response_action: 'errors', errors: { [CHANNEL_FIELDS.handoff]: 'Pick a team of the routing table.' } });
      return;
    }
    await ack();
    await services.channels.enable(parsed.data, userId);
    services.logger.info({ channel: parsed.data.channelId, by: userId }, 'channel answers turned on');
    await publishHome(services, client, userId);
  };
}
