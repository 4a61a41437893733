import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadDataFile } from '../src/data-file.js';

const schema = z.strictObject({ words: z.record(z.string(), z.string()) });

function fileWith(text: string): { url: URL; file: string } {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kiki-data-')), 'fr.json');
  fs.writeFileSync(file, text);
  return { url: pathToFileURL(file), file };
}

describe('word lists and lexicons as JSON data files', () => {
  it('reads a well-formed file', () => {
    expect(loadDataFile(fileWith('{"words":{"congé":"leave"}}').url, schema).words.congé).toBe('leave');
  });

  it('names the file and the bad entry when the data does not match its schema', () => {
    const { url, file } = fileWith('{"words":{"congé":3}}');
    expect(() => loadDataFile(url, schema)).toThrow(file);
    expect(() => loadDataFile(url, schema)).toThrow(/words\["congé"\]/);
  });

  it('names the file when it is not JSON, or missing', () => {
    const { url, file } = fileWith('{"words":{"congé":"leave",}}');
    expect(() => loadDataFile(url, schema)).toThrow(file);
    const missing = pathToFileURL('/nonexistent/kiki/sv.json');
    expect(() => loadDataFile(missing, schema)).toThrow('/nonexistent/kiki/sv.json');
  });

  it('every shipped glossary and lexicon passes its schema', async () => {
    const { glossaryOf, GLOSSARY_LANGUAGES } = await import('../src/assistant/glossary/index.js');
    for (const lang of GLOSSARY_LANGUAGES) expect(Object.keys(glossaryOf(lang).glossary).length).toBeGreaterThan(300);
    const { frIntensity, frValence } = await import('../src/comms/scoring/lexicon-fr.js');
    expect(frValence('licenciements')).toBeLessThan(0);
    expect(frIntensity('très')).toBe(1.5);
  });
});
