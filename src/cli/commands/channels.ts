import type { Command } from 'commander';
import { type ChannelSettings, channelSettingsSchema, describeSettings } from '../../channels/settings.js';
import { CliUsageError, ErrorCode, KikiError } from '../../errors.js';
import type { Services } from '../../services.js';
import { withServices } from '../context.js';

interface EnableOptions {
  questionsOnly?: boolean;
  onlyTagged?: boolean;
  reply: string;
  teams?: string;
  handoff?: string;
  dailyCap?: string;
  allowExternal?: boolean;
  by?: string;
}

const out = (text: string): void => {
  process.stdout.write(`${text}\n`);
};

/** The `--json` shape of one channel's settings. */
export function channelRecord(s: ChannelSettings) {
  return {
    channel: s.channelId,
    questions_only: s.questionsOnly,
    only_tagged: s.onlyTagged,
    reply: s.reply,
    teams: s.teams ?? null,
    handoff_team: s.handoffTeam ?? null,
    daily_cap: s.dailyCap ?? null,
    allow_external: s.allowExternal,
    enabled_by: s.enabledBy,
    enabled_at: new Date(s.enabledAt).toISOString(),
  };
}

/** The options as settings, checked as the App Home checks them; a team must be one of the routing table. */
export function settingsFromOptions(services: Pick<Services, 'routing'>, channelId: string, opts: EnableOptions) {
  const cap = opts.dailyCap === undefined ? undefined : Number(opts.dailyCap);
  const parsed = channelSettingsSchema.safeParse({
    channelId,
    questionsOnly: Boolean(opts.questionsOnly),
    onlyTagged: Boolean(opts.onlyTagged),
    reply: opts.reply,
    ...(opts.teams
      ? {
          teams: opts.teams
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean),
        }
      : {}),
    ...(opts.handoff ? { handoffTeam: opts.handoff } : {}),
    ...(cap !== undefined ? { dailyCap: cap } : {}),
    allowExternal: Boolean(opts.allowExternal),
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${optionName(String(i.path[0] ?? ''))}: ${i.message}`).join('; ');
    throw new CliUsageError(problems);
  }
  const teams = services.routing.routes.map((r) => r.team);
  const handoff = parsed.data.handoffTeam;
  if (handoff && teams.length && !teams.some((t) => t.toLowerCase() === handoff.toLowerCase())) {
    throw new CliUsageError(`--handoff "${handoff}" is not a team of the routing table (${teams.join(', ')})`);
  }
  return parsed.data;
}

function optionName(key: string): string {
  const names: Record<string, string> = {
    channelId: 'CHANNEL_ID',
    reply: '--reply',
    teams: '--teams',
    handoffTeam: '--handoff',
    dailyCap: '--daily-cap',
  };
  return names[key] ?? key;
}

export function registerChannels(program: Command): void {
  const channels = program
    .command('channels')
    .description('Channels where Kiki answers questions without being tagged (opt-in, per channel)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      await withServices(async (s) => {
        const list = await s.channels.list();
        if (opts.json) {
          out(JSON.stringify(list.map(channelRecord), null, 2));
          return;
        }
        if (list.length === 0) {
          out('Kiki answers in no channel unprompted. Turn it on with: kiki channels enable CHANNEL_ID');
          return;
        }
        for (const c of list) out(`${c.channelId}  ${describeSettings(c)}  (${await s.channels.answeredToday(c.channelId)} today)`);
      });
    });
  channels
    .command('enable <CHANNEL_ID>')
    .description('Answer questions in this channel when sure, without a mention (again: replaces its settings)')
    .option('--questions-only', 'only messages that look like questions')
    .option('--only-tagged', 'only messages that mention Kiki (no unprompted answers)')
    .option('--reply <mode>', 'thread, or ephemeral (only the asker sees it)', 'thread')
    .option('--teams <A,B>', 'only answer members of these departments')
    .option('--handoff <TEAM>', "the routing table's team that Talk to a human goes to")
    .option('--daily-cap <N>', 'at most N answers a day (UTC) in this channel')
    .option('--allow-external', 'also in a channel shared with another organisation (public documents only)')
    .option('--by <SLACK_USER_ID>', 'who turned it on, for the record')
    .action(async (channelId: string, opts: EnableOptions) => {
      if (opts.by !== undefined && !/^[UW][A-Z0-9]{2,}$/.test(opts.by))
        throw new CliUsageError('--by expects a Slack user id such as U012ABCDEF');
      await withServices(async (s) => {
        const saved = await s.channels.enable(settingsFromOptions(s, channelId, opts), opts.by ?? 'cli');
        out(
          `Kiki now answers in ${saved.channelId}: ${describeSettings(saved)}. Invite Kiki to the channel (/invite @Kiki) if it is not a member.`,
        );
      });
    });
  channels
    .command('disable <CHANNEL_ID>')
    .description('Stop answering unprompted in this channel (mentions are still answered)')
    .action(async (channelId: string) => {
      await withServices(async (s) => {
        if (!(await s.channels.disable(channelId))) {
          throw new KikiError(ErrorCode.NotFound, `Kiki does not answer unprompted in ${channelId} (see kiki channels)`);
        }
        out(`Kiki no longer answers unprompted in ${channelId}.`);
      });
    });
}
