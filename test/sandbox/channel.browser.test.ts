import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeOpenAI, startFakeOpenAI } from '../../src/sandbox/fake-openai.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { HELP_CHANNEL, helpChannel, knowledgeIndex } from '../../src/sandbox/seed.js';
import { captureLogger } from '../helpers/app.js';
import { browserAvailable, launchBrowser, openSandboxAs, screenshot, typeAndSend } from '../helpers/browser.js';
import { testConfig } from '../helpers/env.js';

// Issue 23 as people meet it in the sandbox: #help-hr answers questions unprompted, and the stop button in
// Kiki's DM ends an answer being written, keeping what was written.
const EMPLOYEE = 'U0ENGI01';
const CHATTER = 'FYI I just sent my expense claim for the Berlin trip';
const QUESTION = 'How do I submit an expense claim?';

/** A long answer quoting passage 1 again and again: grounded, and slow enough to stop mid-way. */
function longQuote(prompt: string): string {
  const sentence = /<passage n="1"[^>]*>\s*([\s\S]*?)<\/passage>/
    .exec(prompt)?.[1]
    ?.trim()
    .split(/(?<=[.!?])\s/)[0];
  return sentence ? `${sentence} [1] `.repeat(60) : 'NOT_FOUND';
}

describe.runIf(browserAvailable())('channel answers and the stop button in the sandbox', () => {
  let sandbox: Sandbox;
  let model: FakeOpenAI;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;

  beforeAll(async () => {
    model = await startFakeOpenAI();
    const config = testConfig({ OPENAI_BASE_URL: model.url, KIKI_CHAT_MODEL: 'fake-model', KIKI_LLM_TIMEOUT_MS: '30000' });
    sandbox = await startSandbox(config, captureLogger().logger, { port: 0, seedSteps: (s) => [knowledgeIndex(s), helpChannel(s)] });
    browser = await launchBrowser();
    page = browser.page;
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
    await model?.close();
  });

  const messageIn = (text: string) => page.locator('#messages .msg', { hasText: text }).last();

  it('#help-hr: a question gets a cited answer in its thread, an FYI gets nothing', async () => {
    await openSandboxAs(page, sandbox.url, EMPLOYEE, HELP_CHANNEL.id);
    expect(await page.locator('#title').textContent()).toBe('# help-hr');
    await typeAndSend(page, CHATTER);
    await typeAndSend(page, QUESTION);
    await messageIn(QUESTION).locator('.replies', { hasText: '1 reply' }).click();
    const thread = page.locator('#thread');
    await thread.getByText('Sources').waitFor();
    expect(await thread.textContent()).toMatch(/Expense policy/);
    await screenshot(page, 'sandbox-channel-answer');
    // The FYI was read before the question (events in order) and left alone: no thread under it.
    expect(await messageIn(CHATTER).locator('.replies').count()).toBe(0);
    expect(sandbox.slack.messages.filter((m) => m.channel === HELP_CHANNEL.id && m.user === EMPLOYEE).length).toBe(2);
    expect(sandbox.slack.messages.filter((m) => m.channel === HELP_CHANNEL.id).length).toBe(3);
  });

  it('Stop on an answer being written ends it: what was written stays, marked stopped, and nothing more comes', async () => {
    model.chunkDelayMs = 40;
    model.reply = (r) => longQuote(r.messages.map((m) => m.content).join('\n'));
    await openSandboxAs(page, sandbox.url, EMPLOYEE);
    await typeAndSend(page, 'What is the per diem for business travel?');
    const thread = page.locator('#thread');
    const answer = thread.locator('.msg', { has: page.locator('.bk-markdown') }).last();
    await answer.locator('.bk-markdown').getByText(/\[1\]/).first().waitFor();
    await answer.getByRole('button', { name: 'Stop' }).click();
    await answer.locator('.stopped', { hasText: 'Stopped' }).waitFor({ timeout: 1000 });
    expect(await answer.getByRole('button', { name: 'Stop' }).count()).toBe(0);
    const kept = (await answer.locator('.bk-markdown').textContent()) ?? '';
    expect(kept).toMatch(/\[1\]/);
    await screenshot(page, 'sandbox-stopped');
    // The model is stopped too: a second later the text is what it was, far short of the whole answer.
    await new Promise((r) => setTimeout(r, 1000));
    expect((await answer.locator('.bk-markdown').textContent()) ?? '').toBe(kept);
    expect(kept.split('[1]').length - 1).toBeLessThan(60);
    const session = [...sandbox.slack.agentSessions.values()].at(-1);
    expect(session?.status).toBe('active');
  });
});
