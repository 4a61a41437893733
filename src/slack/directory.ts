import { WebClient } from '@slack/web-api';
import { z } from 'zod';
import type { Config } from '../config.js';
import { type Directory, loadDirectory } from '../directory.js';
import type { Logger } from '../logger.js';

/**
 * The people directory for Kiki connected to Slack: KIKI_DIRECTORY first, then the user's Slack profile
 * (users.info, `department` field), built before the services so that nothing is patched in afterwards.
 */
const profileSchema = z.object({ department: z.string().optional() });

export function createSlackDirectory(config: Config, logger: Logger): Directory {
  const client = new WebClient(config.SLACK_BOT_TOKEN, { slackApiUrl: config.SLACK_API_URL });
  return loadDirectory(config, logger, async (userId) => {
    const res = await client.users.info({ user: userId });
    const profile = profileSchema.safeParse(res.user?.profile);
    return profile.success ? profile.data.department : undefined;
  });
}
