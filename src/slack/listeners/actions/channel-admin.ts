import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { CHANNEL_ID } from '../../../channels/settings.js';
import { isAdmin } from '../../../config.js';
import type { Services } from '../../../services.js';
import { buildChannelModal } from '../../blocks/channels.js';
import { publishHome } from '../events/app-home-opened.js';

type Args = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** *Add a channel* on the admin's App Home: the settings modal (admins only; the submission is checked again). */
export function addChannel(services: Services) {
  return async ({ ack, body, client }: Args): Promise<void> => {
    await ack();
    if (!isAdmin(services.config, body.user.id)) return;
    await client.views.open({ trigger_id: body.trigger_id, view: buildChannelModal(services.routing.routes.map((r) => r.team)) });
  };
}

/** *Turn off* beside a channel on the admin's App Home. */
export function disableChannel(services: Services) {
  return async ({ ack, body, action, client }: Args): Promise<void> => {
    await ack();
    const channel = action.value ?? '';
    if (!isAdmin(services.config, body.user.id) || !CHANNEL_ID.test(channel)) return;
    await services.channels.disable(channel);
    services.logger.info({ channel: action.value, by: body.user.id }, 'channel answers turned off');
    await publishHome(services, client, body.user.id);
  };
}
