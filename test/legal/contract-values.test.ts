import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { ROOT } from '../helpers/cli.js';
import { VALID } from '../helpers/contracts.js';

// Issue 24, item 13: what a Legal drafter notices in /kiki-contract.
const LEGAL = 'U0LEGA01';
const input = (v: string) => ({ value: { type: 'plain_text_input', value: v } });
const picked = (d: string) => ({ value: { type: 'datepicker', selected_date: d } });
const values = VALID['consulting-agreement'] as Record<string, string>;

describe('/kiki-contract values a drafter would not sign', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { KIKI_DIRECTORY: path.join(ROOT, 'examples/people.csv') } });
  });
  afterAll(async () => {
    await t.close();
  });

  const submit = (viewId: string, changed: Record<string, unknown>) =>
    t.send.interaction({
      type: 'view_submission',
      user: { id: LEGAL },
      view: {
        id: viewId,
        callback_id: 'kiki_contract',
        private_metadata: JSON.stringify({ templateId: 'consulting-agreement' }),
        state: {
          values: {
            'f:consultant': input(values.consultant as string),
            'f:consultant_address': input(values.consultant_address as string),
            'f:consultant_email': input(values.consultant_email as string),
            'f:start_date': picked(values.start_date as string),
            'f:services': input(values.services as string),
            'f:fee_amount': input(values.fee_amount as string),
            ...changed,
          },
        },
      },
    });
  const errorsOf = async (viewId: string, changed: Record<string, unknown>) =>
    (await submit(viewId, changed)).json<{ errors?: Record<string, string> }>().errors ?? {};

  it('refuses a made-up governing law, a one-letter consultant and a negative liability cap, each saying why', async () => {
    const errors = await errorsOf('VC1', {
      'f:governing_law': input('Narnia'),
      'f:consultant': input('x'),
      'f:liability_cap': input('-5'),
    });
    expect(errors['f:governing_law']).toMatch(/"Narnia" is not a jurisdiction/);
    expect(errors['f:consultant']).toMatch(/"x" is not a name/);
    expect(errors['f:liability_cap']).toMatch(/"-5" is negative/);
    expect(errors['f:liability_cap']).not.toMatch(/not an amount/);
  });

  it('the summary sent with the draft reads Yes/No and clause titles, not false and clause ids', async () => {
    const res = await submit('VC2', {
      'f:governing_law': input('england and wales'),
      clauses: { value: { type: 'checkboxes', selected_options: [{ value: 'insurance' }] } },
    });
    expect(res.body).toBe('');
    await t.slack.waitFor('files.completeUploadExternal');
    const message = t.slack.messages.find((m) => m.channel === `D${LEGAL}` && m.files?.length);
    const text = String(message?.text);
    expect(text).toContain('Governing law: England and Wales');
    expect(text).toContain('Consultant processes personal data: No');
    expect(text).not.toMatch(/: false\b/);
    expect(text).toContain('Professional indemnity insurance');
    expect(text).not.toContain('`insurance`');
  });
});
