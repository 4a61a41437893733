import type { Command } from 'commander';
import { type Config, loadConfig, slackMode } from '../../config.js';
import { ErrorCode, KikiError } from '../../errors.js';
import type { Sandbox } from '../../sandbox/index.js';
import { cliLogger, openServices } from '../context.js';
import { keepServingOnStrayErrors } from '../process-guards.js';

const HOW_TO_CONNECT = `To connect Kiki to Slack:
  1. Create an app at https://api.slack.com/apps → "From an app manifest" and paste manifest.json.
  2. Install it to your workspace and copy the Bot User OAuth Token (xoxb-…) into SLACK_BOT_TOKEN.
  3. Either copy the Signing Secret into SLACK_SIGNING_SECRET (HTTP mode, Kiki listens on PORT at /slack/events),
     or create an app-level token with connections:write into SLACK_APP_TOKEN (Socket Mode, no public URL needed).
See README.md, "Connecting a real Slack workspace".`;

export function registerStart(program: Command): void {
  program
    .command('start')
    .description('Start Kiki: connect to Slack (HTTP or Socket Mode), or open the local sandbox when Slack is not configured')
    .action(async () => {
      const config = loadConfig();
      const mode = slackMode(config);
      if (mode.kind === 'none') {
        await runSandbox(config, mode.missing);
        return;
      }
      const logger = cliLogger(config, 'info');
      keepServingOnStrayErrors(logger);
      const [{ createSlackApp }, { createSlackDirectory }] = await Promise.all([
        import('../../slack/app.js'),
        import('../../slack/directory.js'),
      ]);
      const services = await openServices(config, logger, { directory: createSlackDirectory(config, logger) });
      const slack = createSlackApp(config, services);
      let identity: { team?: string; user?: string };
      try {
        identity = await slack.app.client.auth.test();
      } catch (error) {
        logger.error({ err: error }, 'auth.test failed');
        await services.close();
        throw new KikiError(
          ErrorCode.SlackNotConfigured,
          "Slack refused the bot token, or could not be reached. Check SLACK_BOT_TOKEN (and SLACK_API_URL); Slack's answer is in the log above.",
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

/** No Slack credentials: the local sandbox, on loopback only, until Ctrl-C. */
async function runSandbox(config: Config, missing: string[]): Promise<void> {
  const logger = cliLogger(config);
  keepServingOnStrayErrors(logger);
  const [{ startSandbox }, { consoleProgress }] = await Promise.all([
    import('../../sandbox/index.js'),
    import('../../sandbox/progress.js'),
  ]);
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox(config, logger, { progress: consoleProgress() });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      throw new KikiError(
        ErrorCode.InvalidInput,
        `Port ${config.PORT} is in use. Start the sandbox on another port, e.g. PORT=3001 npm start.`,
        {
          cause: error,
        },
      );
    }
    throw error;
  }
  for (const step of sandbox.seed.ran) process.stderr.write(`${step.summary}\n`);
  const admin = sandbox.config.KIKI_ADMINS[0];
  const adminName = admin ? (sandbox.services.directory.get(admin)?.name ?? admin) : undefined;
  process.stderr.write(
    [
      '',
      `Kiki sandbox: ${sandbox.url}`,
      '  A local stand-in for Slack, no workspace needed: DM Kiki, @mention it in #general,',
      '  try /kiki, /kiki-contract, /kiki-sentiment and /kiki-usage, and switch users to see who may do what',
      `  (${adminName ? `${adminName}, ${admin}, is the admin; ` : ''}Legal drafts contracts, Comms reads the press).`,
      `  Data: ${sandbox.config.KIKI_DATA_DIR}. Press Ctrl-C to stop.`,
      '',
      `Slack is not configured (${missing.join(', ')} missing), so Kiki runs in the sandbox.`,
      HOW_TO_CONNECT,
      '',
    ].join('\n'),
  );
  await waitForSignal();
  process.stderr.write('Kiki sandbox is stopping…\n');
  await sandbox.close();
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
