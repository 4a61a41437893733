import type { Services } from '../services.js';

/** A view older than this no longer says what the person is working on. */
const FRESH_MS = 2 * 3600_000;

/**
 * The channel a person is looking at beside Kiki's Messages tab (app_context_changed), kept in the store so that
 * the replica answering their next question knows it; none when the context is empty.
 */
export async function rememberViewing(services: Services, userId: string, channel: string | undefined, now = Date.now()): Promise<void> {
  const db = services.store.db;
  if (!channel) {
    await db.deleteFrom('viewing_contexts').where('user_id', '=', userId).execute();
    return;
  }
  await db
    .insertInto('viewing_contexts')
    .values({ user_id: userId, channel_id: channel, updated_at: now })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ channel_id: channel, updated_at: now }))
    .execute();
}

/** The routing table's team of the channel the person is viewing, if it is a team's channel. */
export async function viewedTeam(services: Services, userId: string, now = Date.now()): Promise<string | undefined> {
  if (services.routing.routes.length === 0) return undefined;
  const row = await services.store.db
    .selectFrom('viewing_contexts')
    .select(['channel_id', 'updated_at'])
    .where('user_id', '=', userId)
    .executeTakeFirst()
    .catch(() => undefined);
  if (!row || now - Number(row.updated_at) > FRESH_MS) return undefined;
  return services.routing.routes.find((r) => r.channel === row.channel_id)?.team;
}
