import { z } from 'zod';

/**
 * The least every Slack request Kiki acts on carries, as Slack documents it: the fields Bolt's router and Kiki's
 * listeners read before they can check anything themselves. A body that is an object but lacks them
 * (`event: null`, `channel: null`, `actions: null`, `view: null`…) is not one Slack sends; it used to reach
 * Bolt, throw a TypeError there and get 500 with an "unhandled error" log. Unknown fields are kept.
 */
const id = z.string().min(1);
const idObject = z.looseObject({ id });
const channelField = z.union([id, idObject]);

const inner = z.looseObject({
  type: id,
  channel: channelField.optional(),
  channel_id: id.optional(),
  user: z.union([id, idObject]).optional(),
  item: z.looseObject({}).optional(),
});

/** Events Kiki listens to, and what their listeners read (https://api.slack.com/events). */
const EVENT_FIELDS: Record<string, z.ZodType> = {
  message: z.looseObject({ channel: id, ts: id }),
  app_mention: z.looseObject({ channel: id, user: id, ts: id, text: z.string() }),
  app_home_opened: z.looseObject({ user: id, tab: z.string() }),
  app_context_changed: z.looseObject({
    user: id,
    channel: id,
    context: z.looseObject({ entities: z.array(z.looseObject({ type: z.string() })).optional() }).optional(),
  }),
  assistant_thread_started: z.looseObject({ assistant_thread: z.looseObject({ channel_id: id, thread_ts: id }) }),
  assistant_thread_context_changed: z.looseObject({ assistant_thread: z.looseObject({ channel_id: id, thread_ts: id }) }),
};

const eventCallback = z.looseObject({ type: z.literal('event_callback'), event_id: id, event: inner });

const user = idObject;
const INTERACTION_FIELDS: Record<string, z.ZodType> = {
  block_actions: z.looseObject({
    user,
    actions: z.array(z.looseObject({ action_id: id })).min(1),
    channel: idObject.optional(),
    message: z.looseObject({ ts: id }).optional(),
    view: z.looseObject({ id }).optional(),
  }),
  view_submission: z.looseObject({
    user,
    view: z.looseObject({ id, callback_id: z.string(), state: z.looseObject({ values: z.looseObject({}) }) }),
  }),
  view_closed: z.looseObject({ user, view: z.looseObject({ id, callback_id: z.string() }) }),
  block_suggestion: z.looseObject({ user, action_id: id, channel: idObject.optional() }),
  shortcut: z.looseObject({ user, callback_id: id, trigger_id: id }),
  message_action: z.looseObject({ user, callback_id: id, trigger_id: id, channel: idObject, message: z.looseObject({ ts: id }) }),
};

const command = z.looseObject({ command: id, user_id: id, channel_id: id, response_url: id, team_id: id });

/** Why a JSON body (Events API) is not shaped as Slack sends it, or undefined. */
export function oddEvent(body: Record<string, unknown>): string | undefined {
  if (typeof body.type !== 'string') return 'no type';
  if (body.type === 'url_verification') return typeof body.challenge === 'string' ? undefined : 'no challenge';
  if (body.type !== 'event_callback') return undefined;
  const parsed = eventCallback.safeParse(body);
  if (!parsed.success) return describe('event_callback', parsed.error);
  const fields = EVENT_FIELDS[parsed.data.event.type];
  const checked = fields?.safeParse(parsed.data.event);
  return checked && !checked.success ? describe(`event ${parsed.data.event.type}`, checked.error) : undefined;
}

/** Why an interactivity payload is not shaped as Slack sends it, or undefined. */
export function oddInteraction(payload: Record<string, unknown>): string | undefined {
  if (typeof payload.type !== 'string') return 'no type';
  const checked = INTERACTION_FIELDS[payload.type]?.safeParse(payload);
  return checked && !checked.success ? describe(payload.type, checked.error) : undefined;
}

/** Why a form body without a payload is not a slash command (or Slack's ssl_check), or undefined. */
export function oddForm(form: Record<string, unknown>): string | undefined {
  if (form.ssl_check !== undefined && form.command === undefined) return undefined;
  const checked = command.safeParse(form);
  return checked.success ? undefined : describe('command', checked.error);
}

function describe(what: string, error: z.ZodError): string {
  const first = error.issues[0];
  return `${what}: ${first ? `${first.path.join('.') || '(body)'} ${first.message}` : 'invalid'}`;
}
