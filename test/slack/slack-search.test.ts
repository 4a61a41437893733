import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/blocks/answer.js';
import { blocksText, useRetriever } from '../helpers/answers.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { dm, mention, press } from '../helpers/dm.js';
import { tempDir } from '../helpers/env.js';
import { MemoryRetriever, SAMPLE_DOCS } from '../helpers/memory-retriever.js';

// Issue 22: Slack at question time. Messages the asker may read (Slack's Real-time Search, searched as the asker
// with the event's action_token) join the documents and are cited by permalink; nothing from Slack is kept.
const USERS = [
  { id: 'U0ANA', name: 'ana', department: 'Sales' },
  { id: 'U0BEN', name: 'ben', department: 'Sales' },
  { id: 'U0CARL', name: 'carl', department: 'Engineering' },
  { id: 'U0DANA', name: 'dana' },
];
const PRIVATE_FACT = 'Bluebird';
const PRIVATE_QUESTION = 'What is the code name of the Hooli acquisition?';
const PUBLIC_QUESTION = 'When is the Berlin badge reader maintenance?';

function sourcesFile(yaml: string): string {
  const file = path.join(tempDir(), 'sources.yml');
  fs.writeFileSync(file, yaml);
  return file;
}

const SOURCES = 'sources:\n  - name: slack\n    type: slack-search\n    channelTypes: [public_channel, private_channel]\n';

async function startWithSlackSearch(yaml: string | undefined): Promise<TestApp> {
  const t = await startTestApp({
    users: USERS,
    env: { KIKI_ESCALATION_CHANNEL: 'C0HELP', ...(yaml ? { KIKI_SOURCES: sourcesFile(yaml) } : {}) },
  });
  useRetriever(t, new MemoryRetriever(SAMPLE_DOCS));
  t.slack.search.scopes.add('search:read.private');
  t.slack.channels.add({ id: 'C0BERLIN', name: 'berlin-office', members: ['U0CARL'] });
  t.slack.channels.add({ id: 'G0DEAL', name: 'deal-room', isPrivate: true, members: ['U0ANA', 'U0CARL', 'U0DANA'] });
  t.slack.addUserMessage(
    'C0BERLIN',
    'U0CARL',
    'The Berlin badge reader maintenance is on Thursday 10 December from 7:00 to 9:00 <!channel> @here',
  );
  t.slack.addUserMessage('G0DEAL', 'U0CARL', `The Hooli acquisition code name is ${PRIVATE_FACT}; signing is planned for 12 January.`);
  return t;
}

/** A DM from `user` carrying a fresh action_token, as Slack sends it with messages to an AI app. */
function ask(t: TestApp, user: string, question: string, token = t.slack.search.issueActionToken(user)) {
  return dm(t, user, question, { event: { assistant_thread: { action_token: token } } });
}

const permalinkOf = (t: TestApp, channel: string) =>
  t.slack.messages.find((m) => m.channel === channel && m.user === 'U0CARL')?.ts.replace('.', '') as string;

describe('slack-search: Slack messages as answer candidates', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startWithSlackSearch(SOURCES);
  });
  afterAll(async () => {
    await t.close();
  });

  it('a member of the private channel gets the answer from its message, cited by permalink as "#deal-room, date"', async () => {
    const { reply } = await ask(t, 'U0ANA', PRIVATE_QUESTION);
    const text = blocksText(reply);
    expect(text).toContain(PRIVATE_FACT);
    expect(text).toContain(`archives/G0DEAL/p${permalinkOf(t, 'G0DEAL')}|#deal-room, `);
    const call = t.slack.callsTo('assistant.search.context').at(-1);
    expect(call?.args.channel_types).toBe('public_channel,private_channel');
  });

  it('inside/outside matrix: nobody gets a message of a channel they could not open (0 leaks)', async () => {
    const cases = [
      { user: 'U0ANA', question: PRIVATE_QUESTION, fact: PRIVATE_FACT, channel: 'G0DEAL', may: true },
      { user: 'U0BEN', question: PRIVATE_QUESTION, fact: PRIVATE_FACT, channel: 'G0DEAL', may: false },
      { user: 'U0ANA', question: PUBLIC_QUESTION, fact: '10 December', channel: 'C0BERLIN', may: true },
      { user: 'U0BEN', question: PUBLIC_QUESTION, fact: '10 December', channel: 'C0BERLIN', may: true },
    ];
    let leaks = 0;
    for (const c of cases) {
      const text = blocksText((await ask(t, c.user, c.question)).reply);
      const shown = text.includes(c.fact) || text.includes(`archives/${c.channel}/`);
      if (c.may) expect(shown, `${c.user} on ${c.channel}`).toBe(true);
      else if (shown) leaks++;
    }
    expect(leaks).toBe(0);
  });

  it('a mention in a public channel searches public channels only, even for a member of the private one', async () => {
    const token = t.slack.search.issueActionToken('U0ANA');
    const { reply } = await mention(t, 'C0GENERAL', 'U0ANA', PRIVATE_QUESTION, { event: { action_token: token } });
    expect(blocksText(reply)).not.toContain(PRIVATE_FACT);
    const call = t.slack.callsTo('assistant.search.context').find((c) => c.args.action_token === token);
    expect(call?.args.channel_types).toBe('public_channel');
  });

  it('<!channel> and @here in a quoted Slack message ping nobody', async () => {
    const text = blocksText((await ask(t, 'U0BEN', PUBLIC_QUESTION)).reply);
    expect(text).toContain('10 December');
    expect(text).not.toContain('<!channel>');
    expect(text).not.toMatch(/(^|[^\u2060])@here/);
  });

  it("an expired action_token: the answer comes from the documents, the failure is a log line with Slack's error", async () => {
    const expired = t.slack.search.issueActionToken('U0ANA', -1);
    const { reply } = await ask(t, 'U0ANA', 'What is the per diem for business travel?', expired);
    const text = blocksText(reply);
    expect(text).toContain('60 EUR');
    expect(text).not.toMatch(/invalid_action_token|Error|at .*\.ts:\d+/);
    const line = t.logs.find((l) => l.code === 'invalid_action_token');
    expect(line?.msg).toMatch(/Slack search failed; answering from the documents alone/);
    expect(JSON.stringify(t.logs)).not.toContain(expired);
  });

  it('a missing scope: the documents still answer, and the log says missing_scope', async () => {
    t.slack.search.scopes.delete('search:read.private');
    try {
      const { reply } = await ask(t, 'U0ANA', 'How many days of paid time off do employees get?');
      expect(blocksText(reply)).toContain('27 days');
      expect(t.logs.some((l) => l.code === 'missing_scope')).toBe(true);
    } finally {
      t.slack.search.scopes.add('search:read.private');
    }
  });

  it('Slack rate-limiting the search: the documents answer at once, and Slack is not searched again until Retry-After', async () => {
    t.slack.faults.set('assistant.search.context', { kind: 'ratelimited', retryAfter: 2 }, { times: 1 });
    const started = Date.now();
    const { reply } = await ask(t, 'U0ANA', 'What is the per diem for business travel?');
    expect(blocksText(reply)).toContain('60 EUR');
    expect(Date.now() - started).toBeLessThan(1500);
    expect(t.logs.some((l) => l.code === 'slack_webapi_rate_limited_error')).toBe(true);
    const calls = t.slack.callsTo('assistant.search.context').length;
    expect(blocksText((await ask(t, 'U0ANA', PRIVATE_QUESTION)).reply)).not.toContain(PRIVATE_FACT);
    expect(t.slack.callsTo('assistant.search.context')).toHaveLength(calls);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(blocksText((await ask(t, 'U0ANA', PRIVATE_QUESTION)).reply)).toContain(PRIVATE_FACT);
  });

  it('a question without an action_token (a slash command, say) does not call Slack search', async () => {
    const before = t.slack.callsTo('assistant.search.context').length;
    const { reply } = await dm(t, 'U0ANA', PRIVATE_QUESTION);
    expect(blocksText(reply)).not.toContain(PRIVATE_FACT);
    expect(t.slack.callsTo('assistant.search.context').length).toBe(before);
  });

  it('"Talk to a human" under an answer quoting a private channel: the team channel gets no Slack message', async () => {
    const asked = await ask(t, 'U0DANA', PRIVATE_QUESTION);
    expect(blocksText(asked.reply)).toContain(PRIVATE_FACT);
    await press(t, 'U0DANA', { channel: asked.channel, thread: asked.thread, reply: asked.reply }, ACTION.handoff, { withMessage: true });
    const post = await t.slack.waitFor('chat.postMessage', (a) => a.channel === 'C0HELP');
    expect(blocksText(post)).toContain('Hooli acquisition');
    expect(blocksText(post)).not.toContain(PRIVATE_FACT);
    expect(blocksText(post)).not.toContain('archives/G0DEAL');
  });

  it('nothing Slack returned is written to the data folder (database included) or the knowledge folder', async () => {
    await ask(t, 'U0ANA', PRIVATE_QUESTION);
    const files = (dir: string): string[] =>
      fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => path.join(dir, f)) : [];
    const written = [...files(t.config.KIKI_DATA_DIR), ...files(t.config.KNOWLEDGE_DIR)].filter((f) => fs.statSync(f).isFile());
    expect(written.length).toBeGreaterThan(0);
    const holding = written.filter((f) => {
      const bytes = fs.readFileSync(f);
      return bytes.includes(PRIVATE_FACT) || bytes.includes('G0DEAL') || bytes.includes('deal-room');
    });
    expect(holding).toEqual([]);
  });
});

describe('slack-search not configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startWithSlackSearch(undefined);
  });
  afterAll(async () => {
    await t.close();
  });

  it("an event with an action_token makes no call to Slack search, and the answer is the documents'", async () => {
    const { reply } = await ask(t, 'U0ANA', PRIVATE_QUESTION);
    expect(blocksText(reply)).not.toContain(PRIVATE_FACT);
    expect(t.slack.callsTo('assistant.search.context')).toEqual([]);
  });
});

describe('slack-search whose sources file became unreadable after start-up', () => {
  it('answers from the documents without searching Slack, never with an error', async () => {
    const t = await startWithSlackSearch(SOURCES);
    try {
      fs.rmSync(t.config.KIKI_SOURCES as string);
      const { reply } = await ask(t, 'U0ANA', 'What is the per diem for business travel?');
      expect(blocksText(reply)).toContain('60 EUR');
      expect(t.slack.callsTo('assistant.search.context')).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
