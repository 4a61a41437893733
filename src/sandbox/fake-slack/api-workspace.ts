import { refusal } from './refusal.js';
import type { FakeMessage, Handler, SlackState } from './state.js';

const SESSION_STATUSES = new Set(['active', 'processing', 'suspended', 'closed']);

/** auth, conversations, users, reactions and assistant.threads: what Kiki reads about the workspace. */
export function workspaceApi(s: SlackState): Record<string, Handler> {
  return {
    'auth.test': () => ({
      user_id: s.botUserId,
      bot_id: s.botId,
      team_id: s.teamId,
      team: 'Kiki Sandbox',
      user: 'kiki',
      url: s.baseUrl,
    }),
    'conversations.replies': (a) => {
      const messages = s.thread(String(a.channel), String(a.ts));
      // Like Slack: oldest first, the parent included, the first `limit` of them (has_more tells there are others).
      const limit = Number(a.limit ?? 1000);
      const from = Number(a.cursor ?? 0) || 0;
      const page = withMetadata(messages.slice(from, from + limit), a.include_all_metadata);
      const more = messages.length > from + limit;
      return { messages: page, has_more: more, ...(more ? { response_metadata: { next_cursor: String(from + limit) } } : {}) };
    },
    'conversations.history': (a) => ({
      messages: withMetadata(
        s.messages.filter((m) => m.channel === a.channel && !m.thread_ts && !m.ephemeralTo),
        a.include_all_metadata,
      ).reverse(),
      has_more: false,
    }),
    'conversations.open': (a) => {
      const users = String(a.users ?? '').split(',');
      return { channel: { id: `D${users[0] ?? 'UNKNOWN'}` } };
    },
    'conversations.info': (a) => s.channels.info(String(a.channel)),
    'conversations.members': (a) => s.channels.members(String(a.channel), a.limit, a.cursor),
    'users.info': (a) => {
      // Anyone who can send Kiki an event exists in Slack: an id the fake was not told about is a plain member.
      const u =
        s.users.get(String(a.user)) ??
        (/^[UW][A-Z0-9]+$/.test(String(a.user)) ? { id: String(a.user), name: String(a.user).toLowerCase() } : undefined);
      if (!u) return { ok: false, error: 'user_not_found' };
      return {
        user: {
          id: u.id,
          team_id: u.teamId ?? s.teamId,
          name: u.name,
          real_name: u.realName ?? u.name,
          is_bot: Boolean(u.isBot),
          ...(u.enterpriseId ? { enterprise_user: { enterprise_id: u.enterpriseId, teams: [u.teamId ?? ''] } } : {}),
          profile: {
            real_name: u.realName ?? u.name,
            display_name: u.name,
            email: u.email,
            team: u.teamId ?? s.teamId,
            ...(u.department ? { department: u.department } : {}),
          },
        },
      };
    },
    'reactions.add': () => ({}),
    'reactions.remove': () => ({}),
    'assistant.threads.setStatus': (a) => (a.channel_id ? {} : { ok: false, error: 'channel_not_found' }),
    'assistant.threads.setSuggestedPrompts': (a) => {
      const prompts = Array.isArray(a.prompts) ? (a.prompts as { title: string; message: string }[]) : [];
      if (!a.channel_id) return { ok: false, error: 'channel_not_found' };
      if (prompts.length === 0 || prompts.length > 4) return { ok: false, error: 'invalid_arguments' };
      const key = a.thread_ts ? `${String(a.channel_id)}:${String(a.thread_ts)}` : String(a.channel_id);
      s.suggestedPrompts.set(key, { prompts, ...(typeof a.title === 'string' ? { title: a.title } : {}) });
      return {};
    },
    // https://docs.slack.dev/reference/methods/agents.sessions.setStatus: creates the session if needed; its title
    // (at most 200 characters) is only taken on creation. A session is thread-based in channels and DMs.
    'agents.sessions.setStatus': (a) => {
      const problems: string[] = [];
      if (!SESSION_STATUSES.has(String(a.status))) problems.push('status must be one of active, processing, suspended, closed');
      if (!a.channel_id) problems.push('channel_id is required');
      if (!a.thread_ts) problems.push('thread_ts is required for thread-based sessions in channels and DMs');
      if (a.title !== undefined && (typeof a.title !== 'string' || a.title.length > 200))
        problems.push('title must be at most 200 characters');
      if (problems.length) return refusal('invalid_arguments', problems);
      const key = `${String(a.channel_id)}:${String(a.thread_ts)}`;
      const existing = s.agentSessions.get(key);
      const title = existing?.title ?? (typeof a.title === 'string' ? a.title : undefined);
      s.agentSessions.set(key, { status: String(a.status), ...(title ? { title } : {}) });
      return { status: String(a.status), ...(title ? { title } : {}) };
    },
    'agents.sessions.rename': (a) => {
      if (typeof a.title !== 'string' || a.title.length < 1 || a.title.length > 200)
        return refusal('invalid_arguments', ['title must be 1 to 200 characters']);
      const key = `${String(a.channel_id)}:${String(a.thread_ts)}`;
      const existing = s.agentSessions.get(key);
      if (!existing) return { ok: false, error: 'session_not_found' };
      existing.title = a.title;
      return { title: a.title };
    },
    'assistant.threads.setTitle': (a) => {
      if (!a.channel_id || !a.thread_ts || typeof a.title !== 'string') return { ok: false, error: 'invalid_arguments' };
      s.threadTitles.set(`${String(a.channel_id)}:${String(a.thread_ts)}`, a.title);
      return {};
    },
  };
}

/** Slack returns message metadata only when asked (include_all_metadata). */
function withMetadata(messages: FakeMessage[], include: unknown): FakeMessage[] {
  if (include === true || include === 'true' || include === '1') return messages;
  return messages.map(({ metadata: _hidden, ...m }) => m);
}
