import fs from 'node:fs';
import path from 'node:path';
import PizZip from 'pizzip';
import { describe, expect, it } from 'vitest';
import { loadSource } from '../../src/comms/intake/index.js';
import { ingest } from '../../src/retrieval/ingest.js';
import { loadIndex } from '../../src/retrieval/service.js';
import { contractService } from '../helpers/contracts.js';
import { tempDir, testConfig } from '../helpers/env.js';

const MiB = 1024 * 1024;
const DOC_XML = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>${body}</w:t></w:r></w:p></w:body></w:document>`;

/** A .docx whose word/document.xml is `mib` MiB of one repeated letter: about a thousand times smaller zipped. */
function bombDocx(mib: number): Buffer {
  const zip = new PizZip();
  zip.file('[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
  zip.file('word/document.xml', DOC_XML('A'.repeat(mib * MiB)));
  return zip.generate({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** The same archive, but its headers claim word/document.xml unpacks to 1,000 bytes. */
function lyingBombDocx(mib: number): Buffer {
  const buf = Buffer.from(bombDocx(mib));
  for (let i = 0; i < buf.length - 4; i++) {
    const sig = buf.readUInt32LE(i);
    if (sig === 0x04034b50 && buf.readUInt32LE(i + 22) > 1000) buf.writeUInt32LE(1000, i + 22);
    if (sig === 0x02014b50 && buf.readUInt32LE(i + 24) > 1000) buf.writeUInt32LE(1000, i + 24);
  }
  return buf;
}

describe('zip bombs are refused before anything unpacks them', () => {
  const bomb = bombDocx(60);
  const liar = lyingBombDocx(60);

  it('is small on disk and huge unpacked (what the test relies on)', () => {
    expect(bomb.length).toBeLessThan(MiB);
  });

  it('kiki ingest refuses the bomb with a one-line reason, quickly, and indexes the rest', async () => {
    const kb = tempDir('kiki-kb-');
    fs.writeFileSync(path.join(kb, 'bomb.docx'), bomb);
    fs.writeFileSync(path.join(kb, 'liar.docx'), liar);
    fs.writeFileSync(path.join(kb, 'ok.md'), '# Fine\n\nThe per diem is 64 EUR.\n');
    const config = testConfig({ KNOWLEDGE_DIR: kb });
    const started = performance.now();
    const summary = await ingest(config);
    expect(performance.now() - started).toBeLessThan(10_000);
    const reasons = Object.fromEntries(summary.failed.map((f) => [f.source, f.reason]));
    expect(reasons['bomb.docx']).toMatch(/word\/document\.xml would unpack to 60 MB .*zip bomb/);
    expect(reasons['liar.docx']).toMatch(/unpacks to more than .* the archive declares.*zip bomb/);
    expect(reasons['bomb.docx']).not.toContain('\n');
    expect([...new Set([...loadIndex(config, summary.indexDir).allChunks()].map((c) => c.source))]).toEqual(['ok.md']);
  });

  it('a contract template that is a zip bomb is reported as unusable', () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'bomb.docx'), bomb);
    fs.writeFileSync(path.join(dir, 'liar.docx'), liar);
    const problems = contractService(dir).catalog().problems.join('\n');
    expect(problems).toMatch(/bomb\.docx.*zip bomb/);
    expect(problems).toMatch(/liar\.docx.*zip bomb/);
  });

  it('a press file that is a zip bomb is refused with the reason', async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'bomb.docx'), bomb);
    fs.writeFileSync(path.join(dir, 'liar.docx'), liar);
    await expect(loadSource({ kind: 'file', path: path.join(dir, 'bomb.docx') }, { allowPrivate: true })).rejects.toThrow(
      /bomb\.docx.*zip bomb/,
    );
    await expect(loadSource({ kind: 'file', path: path.join(dir, 'liar.docx') }, { allowPrivate: true })).rejects.toThrow(
      /liar\.docx.*zip bomb/,
    );
  });
});
