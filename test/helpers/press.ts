import type { TestApp } from './app.js';

/** Article texts the comms tests share. */
export const OUTAGE_HTML = (extra = '') => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Acme Pay outage hits shops | The Ledger</title>
<meta property="og:title" content="Acme Pay outage hits shops">
<meta property="og:site_name" content="The Ledger">
<meta name="author" content="Marcus Feld">
<meta property="article:published_time" content="2025-03-11T08:30:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/subscribe">Subscribe now for the best, most amazing deal ever!</a></nav>
<div class="cookie-banner">We use cookies to give you a wonderful experience. Accept all cookies to enjoy our amazing content.</div>
<article><h1>Acme Pay outage hits shops</h1>
<p>A six-hour outage at Acme Pay left thousands of shops across Europe unable to accept card payments on Monday, in the worst failure in the company's history.</p>
<p>Merchants complained that the status page showed no incident for hours, and several said they lost a full day of sales. Customer support lines were overwhelmed and many callers gave up after long waits.</p>
<p>Critics said the failure raises serious questions about the reliability of the platform, and the company did not say whether merchants would be compensated.</p>
</article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Ten brilliant fintech apps we love</a></li><li><a href="/b">Why everyone is thrilled about open banking</a></li></ul></aside>
<section class="comments"><h3>Comments</h3><p>Great article, thanks! Love this site, best journalism ever, wonderful work.</p></section>
${extra}
<footer>© 2025 The Ledger. All rights reserved. Sign up for our newsletter for fantastic daily deals.</footer>
</body></html>`;

export const MIXED_EN = `Acme Pay cuts jobs, then bets on a new business account

Acme Pay announced that it will cut 120 jobs after a disappointing year in its lending business. Unions criticised the layoffs as brutal and poorly explained. Several employees said morale had collapsed. The lending unit lost money for the third year in a row and will be closed.

The new business account, however, is a hit: early customers describe it as simple, fast and reliable. Analysts welcomed the move as a smart and promising strategy. Acme Pay also expects strong growth in its core payments business this year.`;

export const NEGATIVE_FR = `Frais cachés et comptes bloqués : la colère des clients d'Acme Pay

Les plaintes se multiplient contre Acme Pay. Plusieurs associations de consommateurs accusent la fintech de frais cachés et dénoncent des comptes bloqués sans explication.

Des commerçants se plaignent de délais de remboursement beaucoup trop longs et d'un service client jugé lent et peu réactif.

Ces difficultés inquiètent les investisseurs, alors que la société prépare une levée de fonds.`;

export const POSITIVE_EN = `Acme Pay posts a record quarter

Acme Pay reported record revenue for the quarter, up 34% on the year, as merchants adopted its instant payouts faster than expected. Analysts praised the strong growth and the disciplined cost control. Customers gave the new app excellent reviews.`;

/**
 * Submits the /kiki-sentiment modal as `user` would: pasted sources (`text`, null when empty), uploaded `files`
 * (the file_input block is sent only when files are given, as Slack omits it otherwise), and where the report goes.
 */
export function submitSentimentModal(
  t: Pick<TestApp, 'send'>,
  user: string,
  options: {
    text: string | null;
    files?: { id: string; name: string; url_private: string }[];
    destination?: 'channel' | 'dm';
    channel?: string;
  },
) {
  return t.send.interaction({
    type: 'view_submission',
    user: { id: user },
    trigger_id: 'trigger-x',
    view: {
      id: 'V0TEST',
      type: 'modal',
      callback_id: 'sentiment_submit',
      private_metadata: JSON.stringify({ channel: options.channel ?? 'C0COMMS' }),
      state: {
        values: {
          sources: { text: { type: 'plain_text_input', value: options.text } },
          ...(options.files ? { files: { files: { type: 'file_input', files: options.files } } } : {}),
          destination: { choice: { type: 'radio_buttons', selected_option: { value: options.destination ?? 'channel' } } },
        },
      },
    },
  });
}
