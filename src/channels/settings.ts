import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import type { Store } from '../store/db.js';
import type { ChannelAnswersTable } from '../store/schema.js';

/** Slack channel ids: public (C…) or private (G… for older ones). DMs and group DMs are never auto-answered. */
export const CHANNEL_ID = /^[CG][A-Z0-9]{2,20}$/;

/** How Kiki answers unprompted in one channel (issue 23). Parsed wherever settings enter: CLI, App Home, the store. */
export const channelSettingsSchema = z.object({
  channelId: z.string().regex(CHANNEL_ID, 'must be a channel id such as C0123ABCD'),
  /** Only messages that look like questions are considered. */
  questionsOnly: z.boolean(),
  /** Only messages that mention Kiki are answered (as mentions always are): unprompted answers are off. */
  onlyTagged: z.boolean(),
  /** In the message's thread, or privately to the person who asked. */
  reply: z.enum(['thread', 'ephemeral']),
  /** Departments whose members are answered; absent: everyone. */
  teams: z.array(z.string().trim().min(1).max(80)).min(1).max(50).optional(),
  /** The routing table's team that *Talk to a human* under these answers goes to. */
  handoffTeam: z.string().trim().min(1).max(80).optional(),
  /** Most answers per UTC day in this channel. */
  dailyCap: z.number().int().min(1).max(10_000).optional(),
  /** Answer in a channel shared with another organisation (from documents marked public only). */
  allowExternal: z.boolean(),
});

export type ChannelSettingsInput = z.infer<typeof channelSettingsSchema>;
export interface ChannelSettings extends ChannelSettingsInput {
  enabledBy: string;
  enabledAt: number;
}

const CACHE_MS = 5000;

/** The opted-in channels, in the store (SQLite or PostgreSQL), cached a few seconds per process. */
export class ChannelAnswerSettings {
  /** The 1,000 channels last asked about; an entry older than CACHE_MS (by the caller's clock) is read again. */
  private readonly cache = new LRUCache<string, { at: number; settings: ChannelSettings | undefined }>({ max: 1000 });

  constructor(private readonly store: Store) {}

  async enable(input: ChannelSettingsInput, by: string, now = Date.now()): Promise<ChannelSettings> {
    const s = channelSettingsSchema.parse(input);
    const row: ChannelAnswersTable = {
      channel_id: s.channelId,
      questions_only: s.questionsOnly ? 1 : 0,
      only_tagged: s.onlyTagged ? 1 : 0,
      reply: s.reply,
      teams: s.teams ? JSON.stringify(s.teams) : null,
      handoff_team: s.handoffTeam ?? null,
      daily_cap: s.dailyCap ?? null,
      allow_external: s.allowExternal ? 1 : 0,
      enabled_by: by,
      enabled_at: now,
    };
    const { channel_id: _key, ...rest } = row;
    await this.store.db
      .insertInto('channel_answers')
      .values(row)
      .onConflict((oc) => oc.column('channel_id').doUpdateSet(rest))
      .execute();
    this.cache.delete(s.channelId);
    return { ...s, enabledBy: by, enabledAt: now };
  }

  /** False when the channel was not enabled. */
  async disable(channelId: string): Promise<boolean> {
    const res = await this.store.db.deleteFrom('channel_answers').where('channel_id', '=', channelId).executeTakeFirst();
    this.cache.delete(channelId);
    return Number(res.numDeletedRows) > 0;
  }

  async get(channelId: string, now = Date.now()): Promise<ChannelSettings | undefined> {
    const hit = this.cache.get(channelId);
    if (hit && now - hit.at < CACHE_MS) return hit.settings;
    const row = await this.store.db.selectFrom('channel_answers').selectAll().where('channel_id', '=', channelId).executeTakeFirst();
    const settings = row ? fromRow(row) : undefined;
    this.cache.set(channelId, { at: now, settings });
    return settings;
  }

  async list(): Promise<ChannelSettings[]> {
    const rows = await this.store.db.selectFrom('channel_answers').selectAll().orderBy('channel_id').execute();
    return rows.map(fromRow).filter((s): s is ChannelSettings => s !== undefined);
  }

  /**
   * Takes one of the day's answers for the channel: false once `cap` are taken. One statement (an upsert that
   * only counts while under the cap), so that replicas answering at the same moment never pass it together.
   */
  async takeDailySlot(channelId: string, cap: number, now = Date.now()): Promise<boolean> {
    const day = new Date(now).toISOString().slice(0, 10);
    const row = await this.store.db
      .insertInto('channel_answer_days')
      .values({ channel_id: channelId, day, answered: 1 })
      .onConflict((oc) =>
        oc
          .columns(['channel_id', 'day'])
          .doUpdateSet((eb) => ({ answered: eb('channel_answer_days.answered', '+', 1) }))
          .where('channel_answer_days.answered', '<', cap),
      )
      .returning('answered')
      .executeTakeFirst();
    return row !== undefined && row.answered <= cap;
  }

  /** Answers given today in the channel (for the App Home and `kiki channels`). */
  async answeredToday(channelId: string, now = Date.now()): Promise<number> {
    const day = new Date(now).toISOString().slice(0, 10);
    const row = await this.store.db
      .selectFrom('channel_answer_days')
      .select('answered')
      .where('channel_id', '=', channelId)
      .where('day', '=', day)
      .executeTakeFirst();
    return row?.answered ?? 0;
  }
}

/** A stored row, parsed again: a row that no longer fits the rules (edited by hand) is ignored, not trusted. */
function fromRow(row: ChannelAnswersTable): ChannelSettings | undefined {
  const teams = row.teams ? z.array(z.string()).safeParse(safeJson(row.teams)) : undefined;
  // Unreadable teams must not widen the audience to everyone: the row is ignored instead.
  if (teams && !teams.success) return undefined;
  const parsed = channelSettingsSchema.safeParse({
    channelId: row.channel_id,
    questionsOnly: row.questions_only === 1,
    onlyTagged: row.only_tagged === 1,
    reply: row.reply,
    ...(teams?.success ? { teams: teams.data } : {}),
    ...(row.handoff_team ? { handoffTeam: row.handoff_team } : {}),
    ...(row.daily_cap !== null ? { dailyCap: Number(row.daily_cap) } : {}),
    allowExternal: row.allow_external === 1,
  });
  if (!parsed.success) return undefined;
  return { ...parsed.data, enabledBy: row.enabled_by, enabledAt: Number(row.enabled_at) };
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** One line per setting, for the CLI and the App Home. */
export function describeSettings(s: ChannelSettings): string {
  const parts = [
    s.onlyTagged ? 'only when tagged' : s.questionsOnly ? 'questions only' : 'every message',
    s.reply === 'ephemeral' ? 'replies privately' : 'replies in thread',
    s.teams ? `answers ${s.teams.join(', ')}` : 'answers everyone',
  ];
  if (s.handoffTeam) parts.push(`hands off to ${s.handoffTeam}`);
  if (s.dailyCap) parts.push(`at most ${s.dailyCap} a day`);
  if (s.allowExternal) parts.push('Slack Connect allowed (public documents)');
  return parts.join(' · ');
}
