import type { Command } from 'commander';
import { loadConfig, slackMode } from '../../config.js';
import { ErrorCode, KikiError } from '../../errors.js';
import { createLogger } from '../../logger.js';
import { createServices } from '../../services.js';
import { createSlackApp } from '../../slack/app.js';

const HOW_TO_CONNECT = `To connect Kiki to Slack:
  1. Create an app at https://api.slack.com/apps → "From an app manifest" and paste manifest.json.
  2. Install it to your workspace and copy the Bot User OAuth Token (xoxb-…) into SLACK_BOT_TOKEN.
  3. Either copy the Signing Secret into SLACK_SIGNING_SECRET (HTTP mode, Kiki listens on PORT at /slack/events),
     or create an app-level token with connections:write into SLACK_APP_TOKEN (Socket Mode, no public URL needed).
See README.md, "Connecting a real Slack workspace".`;

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('Start Kiki: connect to Slack (HTTP or Socket Mode)')
    .action(async () => {
      const config = loadConfig();
      const mode = slackMode(config);
      if (mode.kind === 'none') {
        throw new KikiError(
          ErrorCode.SlackNotConfigured,
          `Slack is not configured: ${mode.missing.join(', ')} missing.\n${HOW_TO_CONNECT}`,
        );
      }
      const logger = createLogger(config.LOG_LEVEL);
      const services = await createServices(config, logger);
      const slack = createSlackApp(config, services);
      let identity: { team?: string; user?: string };
      try {
        identity = await slack.app.client.auth.test();
      } catch (error) {
        await services.close();
        throw new KikiError(
          ErrorCode.SlackNotConfigured,
          `Slack refused the bot token (${(error as Error).message}). Check SLACK_BOT_TOKEN.`,
          { cause: error },
        );
      }
      const { url } = await slack.start();
      logger.info({ team: identity.team, bot: identity.user, mode: slack.mode, url }, 'Kiki is connected to Slack');
      process.stderr.write(
        `Kiki is connected to ${identity.team ?? 'Slack'} as @${identity.user ?? 'kiki'} (${slack.mode === 'socket' ? 'Socket Mode' : `HTTP on ${url}`}).\n`,
      );
      await waitForSignal();
      process.stderr.write('Kiki is stopping: finishing work in flight…\n');
      await slack.stop();
      await services.close();
    });
}

function waitForSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });
}
