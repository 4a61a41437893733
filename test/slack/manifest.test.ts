import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

/**
 * manifest.json as a workspace admin installs it today: Slack's agent view (features.agent_view, the legacy
 * assistant_view is for old installs only), and exactly the scopes Kiki uses: each one is justified by a
 * Web API method it calls or an event it subscribes to (https://docs.slack.dev/reference/scopes).
 */
interface Manifest {
  features: Record<string, Record<string, unknown>>;
  oauth_config: { scopes: { bot: string[] } };
  settings: { event_subscriptions: { bot_events: string[] } };
}
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'manifest.json'), 'utf8')) as Manifest;

/** Bot scopes per Web API method family.method, from Slack's method reference. */
const METHOD_SCOPES: Record<string, string[]> = {
  'auth.test': [],
  'chat.postMessage': ['chat:write', 'chat:write.public'],
  'chat.postEphemeral': ['chat:write'],
  'chat.update': ['chat:write'],
  'chat.delete': ['chat:write'],
  'chat.getPermalink': [],
  'chat.startStream': ['chat:write'],
  'chat.appendStream': ['chat:write'],
  'chat.stopStream': ['chat:write'],
  'conversations.history': ['channels:history', 'groups:history', 'im:history', 'mpim:history'],
  'conversations.replies': ['channels:history', 'groups:history', 'im:history', 'mpim:history'],
  'conversations.open': ['im:write'],
  // Only for channels and group DMs (who may read an answer there); a DM is never looked up, so no im:read.
  'conversations.info': ['channels:read', 'groups:read', 'mpim:read'],
  'conversations.members': ['channels:read', 'groups:read', 'mpim:read'],
  'users.info': ['users:read'],
  'reactions.add': ['reactions:write'],
  'reactions.remove': ['reactions:write'],
  'views.open': [],
  'views.update': [],
  'views.publish': [],
  'files.uploadV2': ['files:write'],
  // Files shared with Kiki for a sentiment report (files.info, then their url_private).
  'files.info': ['files:read'],
  // Agent sessions: status and title of a Messages-tab thread (https://docs.slack.dev/ai/agent-sessions).
  'agents.sessions.setStatus': ['chat:write'],
  'assistant.threads.setSuggestedPrompts': ['assistant:write'],
  // Slack's Real-time Search for a slack-search source (public channels; search:read.private, .mpim and .im are
  // added by the admins who list those channel types: README, Knowledge sources).
  'assistant.search.context': ['search:read.public'],
};
/** Called through Bolt's Assistant utilities (say, setStatus, setTitle, setSuggestedPrompts). */
const ASSISTANT_SCOPES = ['assistant:write'];
const EVENT_SCOPES: Record<string, string[]> = {
  agent_session_stopped: [],
  app_context_changed: [],
  app_home_opened: [],
  app_mention: ['app_mentions:read'],
  'message.channels': ['channels:history'],
  'message.groups': ['groups:history'],
  'message.im': ['im:history'],
  'message.mpim': ['mpim:history'],
};

function methodsCalled(dir: string): Set<string> {
  const found = new Set<string>();
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
    const text = fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8');
    // client.chat.postMessage( and client.agents.sessions.setStatus( alike (a call may continue on the next line).
    for (const m of text.matchAll(/client\.([a-z]+)((?:\s*\.\s*[a-zA-Z0-9]+)+)\s*\(/g)) {
      found.add(`${m[1]}${(m[2] ?? '').replace(/\s+/g, '')}`);
    }
    // Methods the Web API client has no binding for yet, called by name.
    for (const m of text.matchAll(/\.apiCall\(\s*'([a-z.]+)'/gi)) found.add(m[1] as string);
  }
  return found;
}

describe('manifest.json', () => {
  it('installs as a new app with the agent view and its description', () => {
    expect(manifest.features.agent_view?.agent_description).toMatch(/^.{20,200}$/);
    expect(manifest.features.assistant_view).toBeUndefined();
    expect(manifest.features.app_home?.messages_tab_enabled).toBe(true);
  });

  it('subscribes to the agent events (agent_session_stopped, app_context_changed, app_home_opened), group-DM and channel messages', () => {
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(
      expect.arrayContaining([
        'agent_session_stopped',
        'app_context_changed',
        'app_home_opened',
        'app_mention',
        'message.channels',
        'message.groups',
        'message.im',
        'message.mpim',
      ]),
    );
  });

  it('asks for exactly the scopes Kiki uses, no more and no fewer', () => {
    const called = methodsCalled(path.join(ROOT, 'src/slack'));
    const unknown = [...called].filter((m) => !(m in METHOD_SCOPES));
    expect(unknown, 'a new Web API method: add its scopes to METHOD_SCOPES').toEqual([]);
    const needed = new Set<string>([...ASSISTANT_SCOPES, 'commands']);
    for (const m of called) for (const s of METHOD_SCOPES[m] ?? []) needed.add(s);
    for (const e of manifest.settings.event_subscriptions.bot_events) {
      expect(EVENT_SCOPES[e], `event ${e}`).toBeDefined();
      for (const s of EVENT_SCOPES[e] ?? []) needed.add(s);
    }
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...needed].sort());
  });
});
