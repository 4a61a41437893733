import { isAdmin } from '../config.js';
import type { Services } from '../services.js';
import { claimSlackEvent, finishSlackEvent } from '../store/slack-events.js';

/**
 * Who may press which button. Slack delivers a click with the clicker's id, channel and message, which the
 * signature vouches for; the button's value is only what Kiki wrote, and is checked against the store, so a
 * forged value reaches nobody else's answer or hand-off.
 */

export const NOT_YOUR_ANSWER = 'Only the person who asked can rate this answer. Ask me yourself, and you can rate the answer you get.';
export const NOT_YOUR_QUESTION = 'Only the person who asked can hand this question to a person. Ask me yourself, or say "talk to a human".';
export const NOT_YOURS_TO_RESOLVE =
  'Only the person who asked, the team it was handed to (from the post in their channel) or a Kiki admin can mark this resolved.';
export const OUT_OF_DATE = 'That button is out of date. Ask me again and use the buttons under the new answer.';

/** 'ok', or why the clicker may not act for the answer whose usage event is `eventId`. */
export async function checkAsker(services: Services, eventId: string, clicker: string): Promise<'ok' | 'unknown' | 'other'> {
  if (!eventId) return 'unknown';
  const owner = await services.usage.ownerOf(eventId);
  if (owner === undefined) return 'unknown';
  return owner === clicker ? 'ok' : 'other';
}

/** The asker, an admin, or someone pressing from the hand-off's own post in the team's channel. */
export function mayResolve(
  services: Services,
  handoff: { asker_id: string; post_channel: string | null; route_channel: string },
  clicker: string,
  channel: string | undefined,
): boolean {
  if (clicker === handoff.asker_id || isAdmin(services.config, clicker)) return true;
  return channel !== undefined && channel === (handoff.post_channel ?? handoff.route_channel);
}

/** The hand-off already posted for this answer, if any (a later click only gets a note). */
export function postedHandoffFor(services: Services, answerEventId: string): Promise<{ team: string } | undefined> {
  return services.store.db
    .selectFrom('handoffs')
    .select('team')
    .where('answer_event_id', '=', answerEventId)
    .where('post_ts', 'is not', null)
    .executeTakeFirst();
}

const claimKey = (answerEventId: string) => `handoff:${answerEventId}`;

/**
 * One hand-off per answer, across replicas: the first click claims the answer (in the table that already
 * deduplicates Slack's retries), a second click while it runs is told so. A hand-off that was not posted
 * releases the claim, so the asker can try again.
 */
export async function claimHandoff(services: Services, answerEventId: string): Promise<boolean> {
  const key = claimKey(answerEventId);
  const claimed = await claimSlackEvent(services.store, key, { owner: 'handoff', leaseMs: 60_000 });
  // Finished at once: the row is a marker, never work for the recovery sweep to resume.
  if (claimed) await finishSlackEvent(services.store, key);
  return claimed;
}

export async function releaseHandoff(services: Services, answerEventId: string): Promise<void> {
  await services.store.db.deleteFrom('slack_events').where('event_id', '=', claimKey(answerEventId)).execute();
}
