import { describe, expect, it } from 'vitest';
import { chunkDocument } from '../../src/retrieval/chunker.js';
import { loadDocument } from '../../src/retrieval/loaders/index.js';

// Shapes met in real public handbooks (Sourcegraph's Liquid tags, Hugo and MDX sites, CivicActions' embedded
// frames and comments): what a person would read once the site is built, never the template syntax.
const page = [
  '---',
  'title: "Travel &amp;amp; <em>expenses</em>"',
  '---',
  '# Booking <code>trips</code> &amp; hotels',
  '',
  'Book in Navan, see {% page "/benefits-pay-perks/travel/" %} and ask in {% slack_channel "travel-help" %}.',
  '\\*_Note:_ hotels are capped at {{ site.hotel_cap }}150 USD a night.',
  '{{< hint info >}}Use the corporate card.{{< /hint >}} See {{< ref "expenses/index.md" >}} for receipts.',
  '<Callout type="warning">Economy class only.</Callout> <Badge text="new" />',
  '<!-- TODO: link the',
  'signature form -->',
  'Call **7<!-- separator to confuse bots--> 60-60-60** or write to <mailto:travel@example.com>.',
  '<iframe title="Travel policy (Confluence)" src="https://example.atlassian.net/x" loading="lazy"></iframe>',
  '{% raw %}Fish &amp; chips{% endraw %} are fine.',
].join('\n');

describe('wiki markup at ingest', () => {
  it('keeps the words a reader sees and drops template syntax, components, comments and double escapes', async () => {
    const doc = await loadDocument(Buffer.from(page), 'travel.mdx');
    expect(doc.title).toBe('Travel & expenses');
    const chunks = chunkDocument(doc, 'travel.mdx', undefined);
    const text = chunks.map((c) => c.text).join('\n');
    expect(chunks[0]?.headingPath).toEqual(['Booking trips & hotels']);
    expect(text).toContain('see travel and ask in #travel-help.');
    expect(text).toContain('Note: hotels are capped at 150 USD a night.');
    expect(text).toContain('Use the corporate card. See expenses for receipts.');
    expect(text).toContain('Economy class only.');
    expect(text).toContain('Call 7 60-60-60 or write to travel@example.com.');
    expect(text).toContain('(Travel policy (Confluence))');
    expect(text).toContain('Fish & chips are fine.');
    expect(text).not.toMatch(/\{%|%\}|\{\{|\}\}|<Callout|<Badge|<!--|TODO|&amp;|\\\*|<iframe|<em>/);
  });

  it('keeps line numbers right after a comment over several lines', async () => {
    const doc = await loadDocument(Buffer.from(page), 'travel.md');
    const chunk = chunkDocument(doc, 'travel.md', undefined).find((c) => c.text.includes('60-60-60'));
    expect(chunk?.lines?.[1]).toBeGreaterThanOrEqual(14);
  });
});
