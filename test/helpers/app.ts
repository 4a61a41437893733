import { Writable } from 'node:stream';
import type { Config } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';
import type { FakeUser } from '../../src/sandbox/fake-slack.js';
import { SlackRequestSender } from '../../src/sandbox/signed-requests.js';
import { createServices, type Services } from '../../src/services.js';
import { createSlackApp, type SlackRuntime } from '../../src/slack/app.js';
import { createSlackDirectory } from '../../src/slack/directory.js';
import { testConfig } from './env.js';
import { describeRefusals, type TestSlack as FakeSlack, startTestSlack as startFakeSlack } from './fake-slack.js';

export const SIGNING_SECRET = 'test-signing-secret';
export const BOT_TOKEN = 'xoxb-test-token';

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** Collects the JSON log lines of a logger, so tests can assert what reached the log. */
export function captureLogger(level = 'debug'): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { logger: createLogger(level, stream), lines };
}

export interface TestApp {
  slack: FakeSlack;
  config: Config;
  services: Services;
  runtime: SlackRuntime;
  send: SlackRequestSender;
  logs: LogLine[];
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Record<string, string | undefined>;
  users?: FakeUser[];
  /** A test that sends what Slack refuses on purpose (the refusals are then its own assertions). */
  allowRefusals?: boolean;
  /** Reuse a fake Slack (two replicas talking to one workspace). */
  slack?: FakeSlack;
}

/** The real Bolt app in HTTP mode on a free loopback port, talking to a fake Web API. */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const slack = options.slack ?? (await startFakeSlack(options.users ? { users: options.users } : {}));
  const config = testConfig({
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.apiUrl,
    ...options.env,
  });
  const { logger, lines } = captureLogger();
  const services = await createServices(config, logger, { directory: createSlackDirectory(config, logger) });
  const runtime = createSlackApp(config, services, { host: '127.0.0.1', port: 0 });
  const { url } = await runtime.start();
  const send = new SlackRequestSender(url as string, SIGNING_SECRET);
  return {
    slack,
    config,
    services,
    runtime,
    send,
    logs: lines,
    close: async () => {
      await runtime.stop(2000);
      await services.close();
      if (!options.slack) await slack.close();
      const refused = slack.refusals;
      if (refused.length > 0 && !options.allowRefusals) {
        throw new Error(`real Slack would have refused ${refused.length} call(s):\n${describeRefusals(refused)}`);
      }
    },
  };
}

/** Lets in-flight listeners settle when a test asserts that something did NOT happen. */
export function settle(ms = 300): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
