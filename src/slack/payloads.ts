import type { Block } from '@slack/types';
import { z } from 'zod';
import { ErrorCode, KikiError } from '../errors.js';
import type { Logger } from '../logger.js';

/**
 * Slack payloads parsed where they enter (GUIDE, practice 6): the parts Bolt types loosely (`container`,
 * `message`, `private_metadata`, button values, attached files) are read through a zod schema here, never cast.
 * A payload that does not parse is refused: the listener throws MalformedPayloadError, the error handler logs
 * it with what did not parse and tells the person in a sentence; nothing half-read is acted on.
 */
export const MALFORMED_PAYLOAD = "Slack sent me something I couldn't read, so I did nothing. Please try again.";

export class MalformedPayloadError extends KikiError {
  constructor(
    readonly part: string,
    cause: unknown,
  ) {
    super(ErrorCode.InvalidInput, MALFORMED_PAYLOAD, { cause });
    this.name = 'MalformedPayloadError';
  }
}

/** A Slack id: a channel (C, D, G), a user (U, W), a view (V)… */
export const slackId = z.string().regex(/^[A-Z][A-Z0-9]{2,40}$/);
/** A message timestamp, "1712345678.000100". */
export const messageTs = z.string().regex(/^\d{1,12}(\.\d{1,8})?$/);

const containerSchema = z.object({
  type: z.string().optional(),
  channel_id: slackId.optional(),
  message_ts: messageTs.optional(),
  thread_ts: messageTs.optional(),
  is_ephemeral: z.boolean().optional(),
  view_id: slackId.optional(),
});
export type Container = z.infer<typeof containerSchema>;

function parsePart<S extends z.ZodType>(part: string, schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new MalformedPayloadError(part, new Error(`${part}: ${z.prettifyError(parsed.error)}`));
  return parsed.data;
}

const userTeamSchema = z.object({ user_team: slackId });

/** The `user_team` a message or mention event carries in a shared channel, as a Question field. */
export function userTeamOf(event: unknown): { userTeam?: string } {
  const parsed = userTeamSchema.safeParse(event);
  return parsed.success ? { userTeam: parsed.data.user_team } : {};
}

const eventIdSchema = z.object({ event_id: z.string().min(1) });

/** The id of an Events API delivery; undefined for commands, actions and views. */
export function eventIdOf(body: unknown): string | undefined {
  const parsed = eventIdSchema.safeParse(body);
  return parsed.success ? parsed.data.event_id : undefined;
}

const entitiesSchema = z.object({ entities: z.array(z.looseObject({ type: z.string(), value: z.unknown().optional() })) });

/** The channel an app_context_changed event says the person is viewing. */
export function viewedChannelOf(context: unknown): string | undefined {
  const parsed = entitiesSchema.safeParse(context);
  const value = parsed.success ? parsed.data.entities.find((e) => e.type === 'slack#/types/channel_id')?.value : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** Where the clicked element sits (message or view); {} when Slack sent none. */
export function containerOf(body: { container?: unknown }): Container {
  return parsePart('container', containerSchema, body.container ?? {});
}

const blockFields = z.looseObject({
  type: z.string(),
  block_id: z.string().optional(),
  // A context element's text is a string, a button's an object.
  elements: z.array(z.looseObject({ text: z.unknown().optional() })).optional(),
});
/** A block of a message Slack sent back: Kiki's own, so it can be posted again as it is. */
const blockSchema = z.custom<Block & { elements?: { text?: unknown }[] }>((v) => blockFields.safeParse(v).success);
const messageSchema = z.looseObject({
  ts: messageTs.optional(),
  thread_ts: messageTs.optional(),
  text: z.string().optional(),
  blocks: z.array(blockSchema).optional(),
});
export type ClickedMessage = z.infer<typeof messageSchema>;

/** The message the clicked button is on, as Slack sent it back; undefined for a button in a view. */
export function messageOf(body: { message?: unknown }): ClickedMessage | undefined {
  return body.message === undefined ? undefined : parsePart('message', messageSchema, body.message);
}

/**
 * A view's private_metadata, as Kiki wrote it: JSON when it holds an object or array, the bare string otherwise,
 * undefined when empty (schemas say what an empty one means).
 */
export function parseMetadata<S extends z.ZodType>(schema: S, view: { private_metadata?: string }): z.output<S> {
  const text = view.private_metadata ?? '';
  let value: unknown = text === '' ? undefined : text;
  if (/^\s*[[{]/.test(text)) {
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new MalformedPayloadError('private_metadata', error);
    }
  }
  return parsePart('private_metadata', schema, value);
}

/** A button value Kiki wrote as JSON, or undefined when it is not one (an old or foreign button). */
export function parseValue<S extends z.ZodType>(schema: S, value: string | undefined): z.output<S> | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(value ?? ''));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

const fileRefSchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  url_private: z.string().optional(),
  url_private_download: z.string().optional(),
});
/** A file attached in Slack, as a message, an event or a file input names it. */
export type SlackFileRef = z.infer<typeof fileRefSchema>;

/** The files a message, event or file input holds; an entry that is not a file (no id) is left out. */
export function filesOf(holder: unknown): SlackFileRef[] {
  const files = z.object({ files: z.array(z.unknown()).optional() }).safeParse(holder);
  if (!files.success) return [];
  return (files.data.files ?? []).flatMap((f) => {
    const ref = fileRefSchema.safeParse(f);
    return ref.success ? [ref.data] : [];
  });
}

type ErrorsAck = (response: { response_action: 'errors'; errors: Record<string, string> }) => Promise<void>;

/**
 * A submitted view's private_metadata; when it does not parse, the modal stays open with the refusal under
 * `block` (Slack wants an answer to a submission) and the log says what did not parse.
 */
export async function submittedMetadata<S extends z.ZodType>(
  schema: S,
  view: { private_metadata?: string },
  refuse: { ack: ErrorsAck; logger: Logger; block: string },
): Promise<z.output<S> | undefined> {
  try {
    return parseMetadata(schema, view);
  } catch (error) {
    if (!(error instanceof MalformedPayloadError)) throw error;
    refuse.logger.warn({ err: error, part: error.part }, 'view submission refused: its private_metadata does not parse');
    await refuse.ack({ response_action: 'errors', errors: { [refuse.block]: MALFORMED_PAYLOAD } });
    return undefined;
  }
}
