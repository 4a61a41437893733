import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import type { Config } from '../config.js';
import { slackMode } from '../config.js';
import { ErrorCode, KikiError } from '../errors.js';
import type { Services } from '../services.js';
import { boltLogger } from './bolt-logger.js';
import { createErrorHandler } from './error-handler.js';
import { registerListeners } from './listeners/index.js';
import { claimEvents, InFlight } from './middleware.js';
import { startRecovery } from './recovery.js';
import { guardRequests } from './request-guard.js';
import { startScheduledJobs } from './scheduled-jobs.js';
import { slackClientOptions } from './slack-calls.js';

export interface SlackRuntime {
  app: App;
  mode: 'http' | 'socket';
  /** Starts listening; in HTTP mode resolves with the bound URL of the events endpoint. */
  start(): Promise<{ url?: string }>;
  /** Stops accepting, waits for work in flight (up to drainMs), then closes the connection. */
  stop(drainMs?: number): Promise<void>;
}

export interface SlackAppOptions {
  /** HTTP bind address; default all interfaces (the sandbox passes 127.0.0.1). */
  host?: string;
  /** Overrides config.PORT (tests pass 0 for a free port). */
  port?: number;
}

/** Builds the Bolt app: Socket Mode when SLACK_APP_TOKEN is set, the HTTP receiver otherwise. */
export function createSlackApp(config: Config, services: Services, options: SlackAppOptions = {}): SlackRuntime {
  const mode = slackMode(config);
  if (mode.kind === 'none') {
    throw new KikiError(ErrorCode.SlackNotConfigured, `Slack is not configured: set ${mode.missing.join(' and ')}.`);
  }
  const logger = boltLogger(services.logger);
  const clientOptions = slackClientOptions(config);
  const inFlight = new InFlight();

  let app: App;
  let server: http.Server | undefined;
  if (mode.kind === 'socket') {
    const receiver = new SocketModeReceiver({ appToken: config.SLACK_APP_TOKEN as string, logger });
    app = new App({ token: config.SLACK_BOT_TOKEN, receiver, logger, clientOptions, extendedErrorHandler: true });
  } else {
    const receiver = new HTTPReceiver({ signingSecret: config.SLACK_SIGNING_SECRET as string, logger });
    app = new App({ token: config.SLACK_BOT_TOKEN, receiver, logger, clientOptions, extendedErrorHandler: true });
    // Our own server around Bolt's request listener: port 0 in tests, a loopback-only bind in the sandbox,
    // and a close() we control for graceful shutdown. Bolt still verifies every signature; malformed bodies
    // and unknown paths are answered before Bolt (request-guard.ts).
    server = http.createServer(guardRequests(receiver.requestListener, services.logger, config.SLACK_SIGNING_SECRET as string));
  }

  app.use(inFlight.middleware());
  const owner = crypto.randomUUID();
  app.use(claimEvents(services, owner));
  app.error(createErrorHandler(services.logger, app.client, config.KIKI_SLACK_TIMEOUT_MS));
  registerListeners(app, services);
  let jobs: ReturnType<typeof startScheduledJobs> | undefined;
  let recovery: ReturnType<typeof startRecovery> | undefined;

  return {
    app,
    mode: mode.kind,
    async start() {
      if (!server) {
        await app.start();
        jobs = startScheduledJobs(services, app.client);
        recovery = startRecovery(services, app, owner);
        return {};
      }
      const s = server;
      await new Promise<void>((resolve, reject) => {
        s.once('error', reject);
        s.listen(options.port ?? config.PORT, options.host, () => resolve());
      });
      const { port } = s.address() as AddressInfo;
      jobs = startScheduledJobs(services, app.client);
      recovery = startRecovery(services, app, owner);
      return { url: `http://${options.host ?? '127.0.0.1'}:${port}/slack/events` };
    },
    async stop(drainMs = 10_000) {
      await jobs?.stop();
      await recovery?.stop();
      if (server) {
        const s = server;
        await new Promise<void>((resolve) => {
          s.close(() => resolve());
          s.closeIdleConnections();
        });
      }
      const drained = await inFlight.drain(drainMs);
      if (!drained) services.logger.warn({ pending: inFlight.size }, 'shutdown: work still in flight was abandoned');
      if (!server) await app.stop();
    },
  };
}
