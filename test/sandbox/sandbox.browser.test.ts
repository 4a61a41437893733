import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { captureLogger } from '../helpers/app.js';
import { browserAvailable, launchBrowser, openSandboxAs, screenshot, typeAndSend } from '../helpers/browser.js';
import { testConfig } from '../helpers/env.js';

const ALICE = 'U0ENGI01';
const BRUNO = 'U0ENGI02';

describe.runIf(browserAvailable())('the sandbox in a real browser', () => {
  let sandbox: Sandbox;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;

  beforeAll(async () => {
    sandbox = await startSandbox(testConfig(), captureLogger().logger, { port: 0, seedSteps: () => [] });
    registerTestModal(sandbox);
    browser = await launchBrowser();
    page = browser.page;
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  const open = (user: string, channel?: string) => openSandboxAs(page, sandbox.url, user, channel);
  const type = (text: string, where?: string) => typeAndSend(page, text, where);

  it('DMs Kiki: the message goes out as a signed message.im event and the reply appears in its thread', async () => {
    await open(ALICE);
    await expect.poll(() => page.locator('.title').first().textContent()).toBe('Kiki');
    await type('hello Kiki');
    const thread = page.locator('#thread');
    await thread.locator('.msg:not(.parent) .msg-author', { hasText: 'Kiki' }).first().waitFor();
    expect(await thread.locator('.msg.parent').textContent()).toContain('hello Kiki');
    const event = sandbox.slack.messages.find((m) => m.text === 'hello Kiki');
    expect(event?.channel).toBe(`D${ALICE}`);
    await screenshot(page, 'sandbox-dm');
  });

  it('@Kiki in #general is an app_mention; a slash command answers only the person who ran it', async () => {
    await open(ALICE, 'C0GENERAL');
    await type('@Kiki what can you do?');
    await page.locator('#thread .msg:not(.parent) .msg-author', { hasText: 'Kiki' }).first().waitFor();
    expect(sandbox.slack.messages.some((m) => m.text === `<@${sandbox.slack.botUserId}> what can you do?`)).toBe(true);
    await type('/kiki-usage');
    await page.locator('.msg.ephemeral').getByText('Only visible to you').waitFor();
    await screenshot(page, 'sandbox-channel');

    await page.locator('#user-switcher').selectOption(BRUNO);
    await expect.poll(() => page.locator('#me').textContent()).toContain('Engineering');
    expect(await page.locator('#messages').textContent()).toContain('what can you do?');
    expect(await page.locator('.msg.ephemeral').count()).toBe(0);
  });

  it('refuses an unknown command with a clear message and keeps what was typed', async () => {
    await open(ALICE);
    await type('/kiki-frobnicate now');
    await page.locator('#toast').getByText('not a valid command').waitFor();
    expect(await page.locator('#composer-input').inputValue()).toBe('/kiki-frobnicate now');
  });

  it('shows the App Home tab Kiki publishes', async () => {
    await open(ALICE);
    await page.getByRole('tab', { name: 'Home' }).click();
    await page.locator('#home').getByText('Hi, I am Kiki').waitFor();
    expect(sandbox.slack.homes.get(ALICE)).toBeDefined();
  });

  it('runs a modal end to end: button, inputs, inline error, view_submission state, file download', async () => {
    await sandbox.runtime.app.client.chat.postMessage({
      channel: `D${ALICE}`,
      text: 'Try the form',
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: '*Try the form*' } },
        {
          type: 'actions',
          elements: [{ type: 'button', action_id: 'test_open', text: { type: 'plain_text', text: 'Open form' }, value: 'x' }],
        },
      ],
    });
    await open(ALICE);
    await page.getByRole('button', { name: 'Open form' }).click();
    const modal = page.getByRole('dialog');
    await modal.getByText('Test form').waitFor();
    await modal.locator('[data-block-id="party"] input').fill('Globex & Co');
    await modal.locator('[data-block-id="kind"] select').selectOption({ label: 'Mutual NDA' });
    await modal.locator('[data-block-id="extras"] input[type=checkbox]').first().check();
    await modal.locator('[data-block-id="start"] input').fill('2001-01-01');
    await modal.getByRole('button', { name: 'Draft' }).click();
    await modal.locator('[data-block-id="start"] .bk-error').getByText('The start date must be in the future.').waitFor();
    await screenshot(page, 'sandbox-modal-error');
    await modal.locator('[data-block-id="start"] input').fill('2099-05-01');
    await modal.getByRole('button', { name: 'Draft' }).click();
    await modal.waitFor({ state: 'detached' });
    const file = page.locator('a.file', { hasText: 'globex.txt' });
    await file.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), file.click()]);
    const body = fs.readFileSync((await download.path()) as string, 'utf8');
    expect(body).toBe('Globex & Co|nda|confidential|2099-05-01');
  });

  it('renders markdown blocks (tables, quotes, bold), feedback_buttons in context_actions, and a streamed answer’s steps', async () => {
    const clicks: string[] = [];
    sandbox.runtime.app.action('test_feedback', async ({ ack, action }) => {
      await ack();
      clicks.push(String((action as { value?: string }).value));
    });
    const client = sandbox.runtime.app.client;
    const markdown = [
      'Per diem **by country**:',
      '',
      '| Country | Per diem |',
      '| --- | --- |',
      '| Germany | 60 EUR |',
      '',
      '> > Receipts are not needed.',
    ].join('\n');
    await client.chat.postMessage({
      channel: `D${BRUNO}`,
      text: 'Per diem by country',
      blocks: [
        { type: 'markdown', text: markdown },
        { type: 'section', text: { type: 'mrkdwn', text: 'Or ask in <#C0ITHELP>.' } },
        {
          type: 'context_actions',
          block_id: 'fb',
          elements: [
            {
              type: 'feedback_buttons',
              action_id: 'test_feedback',
              positive_button: { text: { type: 'plain_text', text: '👍' }, value: 'up' },
              negative_button: { text: { type: 'plain_text', text: '👎' }, value: 'down' },
            },
          ],
        },
      ] as never,
    });
    const root = await client.chat.postMessage({ channel: `D${BRUNO}`, text: 'stream root' });
    const stream = client.chatStream({ channel: `D${BRUNO}`, thread_ts: root.ts as string, recipient_user_id: BRUNO, buffer_size: 1 });
    await stream.append({ chunks: [{ type: 'task_update', id: 'search', title: 'Searching the documents', status: 'complete' }] });
    await stream.append({ chunks: [{ type: 'task_update', id: 'write', title: 'Writing the answer', status: 'in_progress' }] });
    await stream.append({ markdown_text: 'It is **60 EUR**.' });

    await open(BRUNO);
    const messages = page.locator('#messages');
    const table = messages.locator('.bk-markdown table');
    await table.waitFor();
    expect(await table.locator('td').allTextContents()).toEqual(['Germany', '60 EUR']);
    expect(await messages.locator('.bk-markdown b', { hasText: 'by country' }).count()).toBe(1);
    expect(await messages.locator('.bk-markdown blockquote blockquote', { hasText: 'Receipts are not needed.' }).count()).toBe(1);
    expect(await messages.textContent()).not.toMatch(/\|\s*---|&gt;|\*\*/);
    // A channel link shows the channel's name, as Slack shows it, not its id.
    expect(await messages.locator('.mention', { hasText: '#ithelp' }).count()).toBe(1);
    expect(await messages.textContent()).not.toContain('C0ITHELP');

    await messages.getByRole('button', { name: 'Bad answer' }).click();
    await messages.getByRole('button', { name: 'Good answer' }).click();
    await expect.poll(() => clicks).toEqual(['down', 'up']);
    expect(await messages.locator('.bk-feedback-positive.selected').count()).toBe(1);

    await messages.getByRole('button', { name: /1 reply/ }).click();
    const thread = page.locator('#thread');
    await thread.locator('.bk-task[data-status="in_progress"]', { hasText: 'Writing the answer' }).waitFor();
    expect(await thread.locator('.bk-task[data-status="complete"]').textContent()).toContain('Searching the documents');
    await thread.locator('.bk-markdown b', { hasText: '60 EUR' }).waitFor();
    await stream.stop({ chunks: [{ type: 'task_update', id: 'write', title: 'Writing the answer', status: 'complete' }] });
    await thread.locator('.bk-task[data-status="complete"]', { hasText: 'Writing the answer' }).waitFor();
    await screenshot(page, 'sandbox-streamed-answer');
  });
});

/** A tiny form registered on the real app, to drive the modal machinery before any feature uses it. */
function registerTestModal(sandbox: Sandbox): void {
  const { app } = sandbox.runtime;
  app.action('test_open', async ({ ack, body, client }) => {
    await ack();
    await client.views.open({
      trigger_id: (body as { trigger_id: string }).trigger_id,
      view: {
        type: 'modal',
        callback_id: 'test_form',
        title: { type: 'plain_text', text: 'Test form' },
        submit: { type: 'plain_text', text: 'Draft' },
        blocks: [
          {
            type: 'input',
            block_id: 'party',
            label: { type: 'plain_text', text: 'Counterparty' },
            element: { type: 'plain_text_input', action_id: 'v' },
          },
          {
            type: 'input',
            block_id: 'kind',
            label: { type: 'plain_text', text: 'Template' },
            element: {
              type: 'static_select',
              action_id: 'v',
              options: [
                { text: { type: 'plain_text', text: 'Mutual NDA' }, value: 'nda' },
                { text: { type: 'plain_text', text: 'Service agreement' }, value: 'msa' },
              ],
            },
          },
          {
            type: 'input',
            block_id: 'extras',
            optional: true,
            label: { type: 'plain_text', text: 'Clauses' },
            element: {
              type: 'checkboxes',
              action_id: 'v',
              options: [{ text: { type: 'plain_text', text: 'Confidential' }, value: 'confidential' }],
            },
          },
          {
            type: 'input',
            block_id: 'start',
            label: { type: 'plain_text', text: 'Start date' },
            element: { type: 'datepicker', action_id: 'v' },
          },
        ],
      },
    });
  });
  app.view('test_form', async ({ ack, view, body, client }) => {
    const v = view.state.values;
    const date = v.start?.v?.selected_date ?? '';
    if (date < '2026-01-01') {
      await ack({ response_action: 'errors', errors: { start: 'The start date must be in the future.' } });
      return;
    }
    await ack();
    const extras = (v.extras?.v?.selected_options ?? []).map((o) => o.value).join(',');
    const content = `${v.party?.v?.value}|${v.kind?.v?.selected_option?.value}|${extras}|${date}`;
    await client.files.uploadV2({
      channel_id: `D${body.user.id}`,
      filename: 'globex.txt',
      file: Buffer.from(content),
      title: 'globex.txt',
    });
  });
}
