import crypto from 'node:crypto';

/**
 * Sends requests into a Bolt app the way Slack does: signed with the signing secret
 * (https://api.slack.com/authentication/verifying-requests-from-slack). The tests and the local sandbox
 * both use it, so the app under test is never told it is not talking to Slack.
 */

export interface SignedResponse {
  status: number;
  body: string;
  json<T = unknown>(): T;
}

export interface SendOptions {
  /** Seconds since the epoch; defaults to now. */
  timestamp?: number;
  /** Skip the signature headers altogether. */
  unsigned?: boolean;
  /** Sign with another secret (to prove a wrong signature is refused). */
  secret?: string;
  headers?: Record<string, string>;
}

export function signature(secret: string, timestamp: number, body: string): string {
  return `v0=${crypto.createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

export class SlackRequestSender {
  private seq = 0;

  constructor(
    /** The Bolt endpoint, e.g. http://127.0.0.1:3000/slack/events */
    readonly endpoint: string,
    private readonly signingSecret: string,
    readonly teamId = 'T0KIKI',
    readonly apiAppId = 'A0KIKI',
  ) {}

  async post(body: string, contentType: string, options: SendOptions = {}): Promise<SignedResponse> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = { 'content-type': contentType, ...options.headers };
    if (!options.unsigned) {
      headers['x-slack-request-timestamp'] = String(timestamp);
      headers['x-slack-signature'] = signature(options.secret ?? this.signingSecret, timestamp, body);
    }
    const res = await fetch(this.endpoint, { method: 'POST', headers, body });
    const text = await res.text();
    return {
      status: res.status,
      body: text,
      json: <T>() => (text ? JSON.parse(text) : undefined) as T,
    };
  }

  /** An Events API delivery (event_callback). Returns the event_id used, for retries. */
  async event(
    event: Record<string, unknown>,
    options: SendOptions & { eventId?: string } = {},
  ): Promise<SignedResponse & { eventId: string }> {
    this.seq += 1;
    const eventId = options.eventId ?? `Ev${Date.now().toString(36).toUpperCase()}${this.seq}`;
    const body = JSON.stringify({
      token: 'legacy-verification-token',
      team_id: this.teamId,
      api_app_id: this.apiAppId,
      type: 'event_callback',
      event_id: eventId,
      event_time: Math.floor(Date.now() / 1000),
      authorizations: [{ team_id: this.teamId, user_id: 'UKIKIBOT', is_bot: true }],
      event: { event_ts: `${Date.now() / 1000}`, ...event },
    });
    const res = await this.post(body, 'application/json', options);
    return { ...res, eventId };
  }

  /** A slash command, form-encoded as Slack sends it. */
  command(
    fields: { command: string; text?: string; user_id: string; channel_id?: string; response_url: string; trigger_id?: string } & Record<
      string,
      string | undefined
    >,
    options: SendOptions = {},
  ): Promise<SignedResponse> {
    const form = new URLSearchParams();
    const all: Record<string, string | undefined> = {
      token: 'legacy-verification-token',
      team_id: this.teamId,
      team_domain: 'kiki-sandbox',
      api_app_id: this.apiAppId,
      channel_id: 'C0GENERAL',
      channel_name: 'general',
      user_name: fields.user_id,
      text: '',
      trigger_id: `trigger-${Date.now()}-${++this.seq}`,
      ...fields,
    };
    for (const [k, v] of Object.entries(all)) if (v !== undefined) form.set(k, v);
    return this.post(form.toString(), 'application/x-www-form-urlencoded', options);
  }

  /** An interactivity payload (block_actions, view_submission, view_closed…), as a form field "payload". */
  interaction(payload: Record<string, unknown>, options: SendOptions = {}): Promise<SignedResponse> {
    const form = new URLSearchParams();
    form.set(
      'payload',
      JSON.stringify({
        team: { id: this.teamId, domain: 'kiki-sandbox' },
        api_app_id: this.apiAppId,
        token: 'legacy-verification-token',
        ...payload,
      }),
    );
    return this.post(form.toString(), 'application/x-www-form-urlencoded', options);
  }
}
