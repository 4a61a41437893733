import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { knowledgeIndex } from '../../src/sandbox/seed.js';
import { captureLogger } from '../helpers/app.js';
import { browserAvailable, launchBrowser, openSandboxAs, screenshot, typeAndSend } from '../helpers/browser.js';
import { testConfig } from '../helpers/env.js';

// Issue 14 as people meet it in the sandbox: a hand-off reply becomes a verified answer for the next person.
const ALICE = 'U0ENGI01'; // asks first
const XIMENA = 'U0PEOP01'; // People team: replies in the hand-off thread
const YARA = 'U0PEOP02'; // People team: did not reply, saves it as a member of #people
const SALES = 'U0SALE01'; // asks the same thing in other words
const QUESTION = 'Is there a sabbatical leave programme after five years?';
const REPLY = 'Yes: after five years you can take up to three months of unpaid sabbatical leave. Agree the dates with your manager.';
const PARAPHRASE = 'Can I take a sabbatical once I have worked here five years?';

describe.runIf(browserAvailable())('verified answers in the sandbox', () => {
  let sandbox: Sandbox;
  let browser: Awaited<ReturnType<typeof launchBrowser>>;
  let page: Page;

  beforeAll(async () => {
    sandbox = await startSandbox(testConfig(), captureLogger().logger, { port: 0, seedSteps: (s) => [knowledgeIndex(s)] });
    browser = await launchBrowser();
    page = browser.page;
  });
  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
  });

  const open = (user: string, channel?: string) => openSandboxAs(page, sandbox.url, user, channel);
  const type = (text: string, where?: string) => typeAndSend(page, text, where);

  it('seats each team in its channel, so team members may save', () => {
    expect(sandbox.slack.channels.get('C0PEOPLE')?.members).toEqual(expect.arrayContaining([XIMENA, YARA, sandbox.slack.botUserId]));
    expect(sandbox.slack.channels.get('C0PEOPLE')?.members).not.toContain(ALICE);
  });

  it('hand-off → team reply → Save as answer → another employee asks in other words → verified answer', async () => {
    await open(ALICE);
    await type(QUESTION);
    const thread = page.locator('#thread');
    await thread.getByRole('button', { name: 'Talk to a human' }).click();
    await thread.getByText(/to follow up with you/).waitFor();
    expect(await thread.textContent()).toMatch(/I've asked People in #people/);

    // Ximena, in #people, replies in the hand-off's thread; Kiki relays it and offers Save as answer.
    await open(XIMENA, 'C0PEOPLE');
    const post = page.locator('#messages .msg', { hasText: QUESTION }).last();
    await post.hover();
    await post.getByRole('button', { name: 'Reply in thread' }).click();
    await type(REPLY, '#thread-input');
    await page.locator('#thread').getByRole('button', { name: 'Save as answer' }).waitFor();

    // Yara did not reply but sits in #people: she may save it; the modal is pre-filled, saved unchanged.
    await open(YARA, 'C0PEOPLE');
    await page.locator('#messages .msg', { hasText: QUESTION }).last().locator('.replies').click();
    await page.locator('#thread').getByRole('button', { name: 'Save as answer' }).click();
    const modal = page.getByRole('dialog');
    await modal.getByText('Save as answer').first().waitFor();
    expect(await modal.locator('textarea, input').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value).join('\n'))).toContain(
      'three months of unpaid sabbatical',
    );
    await screenshot(page, 'sandbox-verified-save');
    await modal.getByRole('button', { name: 'Save', exact: true }).click();
    await modal.waitFor({ state: 'detached' });
    await expect.poll(async () => (await sandbox.services.verified.records.list()).map((a) => a.verifiedBy)).toEqual([YARA]);

    // Alice hears that her question now has a verified answer.
    await open(ALICE);
    await page.locator('#messages .replies').last().click();
    await page.locator('#thread').getByText('now has a verified answer').waitFor();

    // Someone in Sales asks the same thing in other words and gets the verified answer, marked as such.
    await open(SALES);
    await type(PARAPHRASE);
    const answer = page.locator('#thread');
    await answer.getByText('three months of unpaid sabbatical').waitFor();
    const shown = (await answer.textContent()) ?? '';
    expect(shown).toMatch(/Verified answer from People team, verified by Yara on \d{1,2} \w+ \d{4}/);
    await answer.getByRole('button', { name: 'Talk to a human' }).waitFor();
    await screenshot(page, 'sandbox-verified-answer');
  });
});
