import { ErrorCode, KikiError } from '../errors.js';
import type { FakeMessage, FakeSlack, FakeView } from './fake-slack.js';
import type { SlackRequestSender } from './signed-requests.js';

/**
 * What a person does in the sandbox page, turned into what Slack would send the app: signed events, slash
 * commands and interaction payloads. The app cannot tell it apart from Slack.
 */

export const GENERAL = 'C0GENERAL';
export const SLASH_COMMANDS = ['/kiki', '/kiki-contract', '/kiki-sentiment', '/kiki-usage'] as const;

export interface BlockAction {
  type: string;
  action_id: string;
  block_id: string;
  [key: string]: unknown;
}

export type StateValues = Record<string, Record<string, Record<string, unknown>>>;

/** What the page shows after a view submission: inline errors, or nothing (the modal closed or changed). */
export interface SubmitResult {
  errors?: Record<string, string>;
}

const MAX_TEXT = 40_000;

export class SandboxWorkspace {
  constructor(
    readonly slack: FakeSlack,
    private readonly send: SlackRequestSender,
  ) {}

  dmOf(user: string): string {
    return `D${user}`;
  }

  channelName(channel: string): string {
    if (channel.startsWith('D')) return 'Kiki';
    if (channel === GENERAL) return 'general';
    const named = this.slack.channels.get(channel)?.name;
    if (named) return named;
    return channel.replace(/^#/, '').replace(/^C0/, '').toLowerCase();
  }

  /** A message typed in the composer: message.im in a DM, app_mention and/or message.channels in a channel. */
  async postMessage(user: string, channel: string, rawText: string, threadTs?: string): Promise<FakeMessage> {
    this.checkUser(user);
    const text = rawText.trim().replace(/(^|\s)@kiki\b/gi, `$1<@${this.slack.botUserId}>`);
    if (!text) throw new KikiError(ErrorCode.InvalidInput, 'Type a message first.');
    if (text.length > MAX_TEXT) throw new KikiError(ErrorCode.InvalidInput, `Messages are limited to ${MAX_TEXT} characters in Slack.`);
    if (channel.startsWith('D') && channel !== this.dmOf(user)) throw new KikiError(ErrorCode.NotAllowed, 'That is not your DM.');
    const message = this.slack.addUserMessage(channel, user, text, threadTs);
    const base = {
      user,
      text,
      ts: message.ts,
      channel,
      team: this.send.teamId,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      // As Slack sends an AI app's events: a short-lived token to search Slack as this person (slack-search).
      assistant_thread: { action_token: this.slack.search.issueActionToken(user) },
    };
    if (channel.startsWith('D')) {
      await this.deliver({ type: 'message', channel_type: 'im', ...base });
      return message;
    }
    // Slack sends both an app_mention and a message.channels event for a mention in a channel the app is in.
    const mentioned = text.includes(`<@${this.slack.botUserId}>`);
    if (mentioned) await this.deliver({ type: 'app_mention', ...base });
    // message.channels comes for every message of a channel the app is in (the channel answers read them), and
    // for the thread replies where Kiki took part.
    const kikiIn = this.slack.channels.get(channel)?.members?.includes(this.slack.botUserId) ?? false;
    if (threadTs ? this.kikiTookPart(channel, threadTs) : kikiIn) await this.deliver({ type: 'message', channel_type: 'channel', ...base });
    return message;
  }

  /**
   * Slack's stop button on an agent session in the person's DM with Kiki: Slack ends the thread's streams (what
   * was written stays) and sends agent_session_stopped. https://docs.slack.dev/reference/events/agent_session_stopped
   */
  async stopSession(user: string, channel: string, threadTs: string): Promise<void> {
    this.checkUser(user);
    if (channel !== this.dmOf(user)) throw new KikiError(ErrorCode.NotAllowed, 'Only your own session with Kiki can be stopped.');
    const ended = this.slack.pressStop(channel, threadTs);
    await this.deliver({
      type: 'agent_session_stopped',
      channel,
      user,
      thread_ts: threadTs,
      streaming_message_ts: ended,
      event_ts: actionTs(),
    });
  }

  /** A slash command from the composer; the ack body and response_url replies show as Slack shows them. */
  async runCommand(user: string, channel: string, command: string, text: string): Promise<void> {
    this.checkUser(user);
    if (!(SLASH_COMMANDS as readonly string[]).includes(command)) {
      throw new KikiError(ErrorCode.InvalidInput, `${command} is not a valid command. Kiki's commands are ${SLASH_COMMANDS.join(', ')}.`);
    }
    const responseUrl = this.slack.responseUrlFor({ channel, user });
    const key = responseUrl.split('/').pop() as string;
    const person = this.slack.users.get(user);
    const res = await this.send.command({
      command,
      text,
      user_id: user,
      user_name: person?.name ?? user,
      channel_id: channel,
      channel_name: channel.startsWith('D') ? 'directmessage' : this.channelName(channel),
      response_url: responseUrl,
      trigger_id: this.slack.newTrigger(user),
    });
    this.applyAck(key, res.status, res.body, command);
  }

  /** A click (or a choice) on an interactive element of a message: block_actions with a response_url. */
  async messageAction(user: string, channel: string, messageTs: string, action: BlockAction): Promise<void> {
    this.checkUser(user);
    const message = this.slack.findMessage(channel, messageTs);
    if (!message) throw new KikiError(ErrorCode.NotFound, 'That message is gone.');
    const ephemeral = message.ephemeralTo !== undefined;
    const responseUrl = this.slack.responseUrlFor({
      channel,
      user,
      messageTs,
      ...(message.thread_ts ? { threadTs: message.thread_ts } : {}),
    });
    const res = await this.send.interaction({
      type: 'block_actions',
      user: this.userPayload(user),
      container: {
        type: 'message',
        message_ts: messageTs,
        channel_id: channel,
        is_ephemeral: ephemeral,
        ...(message.thread_ts ? { thread_ts: message.thread_ts } : {}),
      },
      trigger_id: this.slack.newTrigger(user),
      channel: { id: channel, name: this.channelName(channel) },
      // Slack leaves the message out of the payload when it was ephemeral.
      ...(ephemeral ? {} : { message: messagePayload(message) }),
      state: { values: {} },
      response_url: responseUrl,
      actions: [{ ...action, action_ts: actionTs() }],
    });
    this.applyAck(responseUrl.split('/').pop() as string, res.status, res.body, 'the action');
  }

  /** An interactive element inside a modal or the App Home: block_actions with the view and its state. */
  async viewAction(user: string, viewId: string, action: BlockAction, values: StateValues): Promise<void> {
    this.checkUser(user);
    const view = this.viewOf(user, viewId);
    const res = await this.send.interaction({
      type: 'block_actions',
      user: this.userPayload(user),
      container: { type: 'view', view_id: viewId },
      trigger_id: this.slack.newTrigger(user),
      view: { ...this.slack.viewPayload(view), state: { values } },
      actions: [{ ...action, action_ts: actionTs() }],
    });
    if (res.status !== 200) throw new KikiError(ErrorCode.Unexpected, `Kiki answered HTTP ${res.status} to the action.`);
  }

  /** The modal's submit button: view_submission, then what the app answered (errors, update, push, clear). */
  async submitView(user: string, viewId: string, values: StateValues): Promise<SubmitResult> {
    this.checkUser(user);
    const view = this.viewOf(user, viewId);
    const res = await this.send.interaction({
      type: 'view_submission',
      user: this.userPayload(user),
      trigger_id: this.slack.newTrigger(user),
      view: { ...this.slack.viewPayload(view), state: { values } },
      response_urls: [],
    });
    if (res.status !== 200) throw new KikiError(ErrorCode.Unexpected, `Kiki answered HTTP ${res.status} to the submission.`);
    const body = parseJson(res.body) as
      | { response_action?: string; errors?: Record<string, string>; view?: Record<string, unknown> }
      | undefined;
    switch (body?.response_action) {
      case 'errors':
        return { errors: body.errors ?? {} };
      case 'update':
        refusedView(this.slack.replaceView(view.id, body.view ?? {}));
        return {};
      case 'push':
        refusedView(this.slack.pushView(user, body.view ?? {}));
        return {};
      case 'clear':
        this.slack.closeModal(user, true);
        return {};
      default:
        this.slack.closeModal(user);
        return {};
    }
  }

  /** Cancel or ×: closes the modal, and tells the app when it asked to be notified. */
  async closeView(user: string, viewId: string, values: StateValues): Promise<void> {
    this.checkUser(user);
    const view = this.viewOf(user, viewId);
    this.slack.closeModal(user);
    if (view.view.notify_on_close === true) {
      await this.send.interaction({
        type: 'view_closed',
        user: this.userPayload(user),
        view: { ...this.slack.viewPayload(view), state: { values } },
        is_cleared: false,
      });
    }
  }

  /** Opening the Home tab of Kiki's app. */
  async openHome(user: string): Promise<void> {
    this.checkUser(user);
    const home = this.slack.homes.get(user);
    await this.deliver({
      type: 'app_home_opened',
      user,
      channel: this.dmOf(user),
      tab: 'home',
      ...(home ? { view: this.slack.viewPayload(home) } : {}),
    });
  }

  private kikiTookPart(channel: string, threadTs: string): boolean {
    return this.slack.thread(channel, threadTs).some((m) => m.user === this.slack.botUserId || m.bot_id === this.slack.botId);
  }

  private async deliver(event: Record<string, unknown>): Promise<void> {
    const res = await this.send.event(event);
    if (res.status !== 200)
      throw new KikiError(ErrorCode.Unexpected, `Kiki answered HTTP ${res.status} to the ${String(event.type)} event.`);
  }

  /** Bolt answers a slash command or an action with its ack body; Slack shows it like a response_url reply. */
  private applyAck(key: string, status: number, body: string, what: string): void {
    if (status !== 200) {
      throw new KikiError(ErrorCode.Unexpected, `${what} failed: Kiki answered HTTP ${status} (Slack would show "dispatch_failed").`);
    }
    if (!body.trim()) return;
    const json = parseJson(body);
    if (json && typeof json === 'object') this.slack.applyResponse(key, json);
    else this.slack.applyResponse(key, { text: body });
  }

  private viewOf(user: string, viewId: string): FakeView {
    const view = this.slack.modalsOf(user).find((v) => v.id === viewId) ?? this.slack.homes.get(user);
    if (!view || view.id !== viewId) throw new KikiError(ErrorCode.NotFound, 'That window is closed.');
    return view;
  }

  private userPayload(user: string): Record<string, string> {
    const person = this.slack.users.get(user);
    return { id: user, username: person?.name ?? user, name: person?.name ?? user, team_id: this.send.teamId };
  }

  private checkUser(user: string): void {
    if (!this.slack.users.has(user)) throw new KikiError(ErrorCode.InvalidInput, `Unknown user ${user}.`);
  }
}

function messagePayload(m: FakeMessage): Record<string, unknown> {
  return {
    type: 'message',
    ts: m.ts,
    text: m.text ?? '',
    ...(m.user ? { user: m.user } : {}),
    ...(m.bot_id ? { bot_id: m.bot_id } : {}),
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
    ...(m.blocks ? { blocks: m.blocks } : {}),
  };
}

function actionTs(): string {
  return (Date.now() / 1000).toFixed(6);
}

function parseJson(text: string): unknown {
  try {
    return text.trim() ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
}

/** Slack would refuse the view an app answered with: the sandbox says so instead of showing it. */
function refusedView(problems: string[]): void {
  if (problems.length > 0) {
    throw new KikiError(
      ErrorCode.InvalidInput,
      `Slack would refuse the view Kiki answered with (invalid_arguments): ${problems.slice(0, 3).join('; ')}`,
    );
  }
}
