import crypto from 'node:crypto';
import net from 'node:net';
import type { Config } from '../config.js';
import { ErrorCode, KikiError } from '../errors.js';
import type { Logger } from '../logger.js';
import { createServices, type Services } from '../services.js';
import { createSlackApp, type SlackRuntime } from '../slack/app.js';
import { createSlackDirectory } from '../slack/directory.js';
import { withSandboxDefaults } from './defaults.js';
import { type FakeSlack, startFakeSlack } from './fake-slack.js';
import {
  HELP_CHANNEL,
  type SeedProgress,
  type SeedReport,
  type SeedStep,
  sandboxChannelMembers,
  sandboxSeedSteps,
  seedSandbox,
} from './seed.js';
import { type SandboxPerson, startSandboxServer } from './server.js';
import { SlackRequestSender } from './signed-requests.js';
import { SandboxWorkspace } from './workspace.js';

/**
 * The local sandbox: the real Bolt app, unchanged, behind a fake Slack on loopback, and a page that plays
 * the part of the Slack client. No Slack workspace is involved.
 */

export const SANDBOX_HOST = '127.0.0.1';
export { SAMPLE_DIRECTORY, SAMPLE_ROUTING, SANDBOX_ADMIN } from './defaults.js';

export interface SandboxOptions {
  /** Overrides config.PORT for the page (tests pass 0). */
  port?: number;
  progress?: SeedProgress;
  /** Replaces the first-start steps (tests skip the slow ones). */
  seedSteps?: (services: Services) => SeedStep[];
}

export interface Sandbox {
  url: string;
  config: Config;
  slack: FakeSlack;
  services: Services;
  runtime: SlackRuntime;
  workspace: SandboxWorkspace;
  seed: SeedReport;
  close(): Promise<void>;
}

/** The sandbox's own settings: a fresh secret and token per run, the sample people and an admin by default. */
export function sandboxConfig(config: Config, apiUrl: string): Config {
  return {
    ...withSandboxDefaults(config),
    SLACK_BOT_TOKEN: `xoxb-sandbox-${crypto.randomBytes(12).toString('hex')}`,
    SLACK_SIGNING_SECRET: crypto.randomBytes(24).toString('hex'),
    SLACK_APP_TOKEN: undefined,
    SLACK_API_URL: apiUrl,
  };
}

export async function startSandbox(baseConfig: Config, logger: Logger, options: SandboxOptions = {}): Promise<Sandbox> {
  // Say a port is taken before the first-start work, not after it.
  await ensurePortFree(options.port ?? baseConfig.PORT);
  const slack = await startFakeSlack({ host: SANDBOX_HOST });
  const cleanup: (() => Promise<void>)[] = [() => slack.close()];
  const unwind = async () => {
    for (const fn of cleanup.reverse()) await fn().catch(() => undefined);
  };
  try {
    const config = sandboxConfig(baseConfig, slack.apiUrl);
    const services = await createServices(config, logger, { directory: createSlackDirectory(config, logger) });
    cleanup.push(() => services.close());
    const people = peopleOf(services, config);
    if (services.directory.people.length === 0) {
      throw new KikiError(
        ErrorCode.InvalidInput,
        `The sandbox needs people to play: ${config.KIKI_DIRECTORY} holds none. Unset KIKI_DIRECTORY to use the sample directory.`,
      );
    }
    for (const p of people) slack.users.set(p.id, { id: p.id, name: p.name, realName: p.name, department: p.department });
    const members = sandboxChannelMembers(services.routing, people, {
      ...(config.KIKI_ESCALATION_CHANNEL ? { escalationChannel: config.KIKI_ESCALATION_CHANNEL } : {}),
      admins: config.KIKI_ADMINS,
      botUserId: slack.botUserId,
    });
    for (const [channel, ids] of members) slack.channels.add({ id: channel, isPrivate: true, members: ids });
    slack.channels.add({ ...HELP_CHANNEL, members: [slack.botUserId, ...people.map((p) => p.id)] });

    const steps = (options.seedSteps ?? sandboxSeedSteps)(services);
    const seed = await seedSandbox(config.KIKI_DATA_DIR, steps, options.progress ?? silentProgress);

    const runtime = createSlackApp(config, services, { host: SANDBOX_HOST, port: 0 });
    const { url: endpoint } = await runtime.start();
    cleanup.push(() => runtime.stop(5000));
    const send = new SlackRequestSender(endpoint as string, config.SLACK_SIGNING_SECRET as string, slack.teamId);
    const workspace = new SandboxWorkspace(slack, send);
    const server = await startSandboxServer(workspace, {
      host: SANDBOX_HOST,
      port: options.port ?? config.PORT,
      people,
      featured: featured(people),
      logger,
    });
    cleanup.push(() => server.close());
    return { url: server.url, config, slack, services, runtime, workspace, seed, close: unwind };
  } catch (error) {
    await unwind();
    throw error;
  }
}

function ensurePortFree(port: number): Promise<void> {
  if (port === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(port, SANDBOX_HOST, () => probe.close(() => resolve()));
  });
}

const silentProgress: SeedProgress = { start() {}, update() {}, stop() {} };

function peopleOf(services: Services, config: Config): SandboxPerson[] {
  const people = services.directory.people.map((p) => ({
    id: p.slackUserId,
    name: p.name || p.slackUserId,
    department: p.department,
    admin: config.KIKI_ADMINS.includes(p.slackUserId),
    ...(p.extra.title ? { title: p.extra.title } : {}),
  }));
  const known = new Set(people.map((p) => p.id));
  // Admins named in KIKI_ADMINS but missing from the directory still get a seat in the switcher.
  for (const id of config.KIKI_ADMINS) if (!known.has(id)) people.push({ id, name: id, department: 'Unassigned', admin: true });
  return people;
}

/** The admin first, then one person from each department, Legal and Comms early: they unlock features. */
function featured(people: SandboxPerson[]): string[] {
  const order = ['Engineering', 'Legal', 'Comms', 'People', 'Sales', 'Finance'];
  const out = people.filter((p) => p.admin).map((p) => p.id);
  const departments = [...order, ...new Set(people.map((p) => p.department))];
  for (const d of departments) {
    const first = people.find((p) => p.department === d && !p.admin);
    if (first && !out.includes(first.id)) out.push(first.id);
  }
  return out.slice(0, 8);
}
