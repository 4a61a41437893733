import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../src/retrieval/ingest.js';
import { loadIndex } from '../../src/retrieval/service.js';
import { EVERYONE } from '../../src/retrieval/types.js';
import { tempDir, testConfig } from '../helpers/env.js';

// A tiny OpenAI-compatible /embeddings server: a bag-of-letters vector, so similar words get similar vectors.
let server: http.Server;
let baseUrl: string;
const requests: { model: string; input: string[]; auth?: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      const parsed = JSON.parse(body) as { model: string; input: string[] | string; encoding_format?: string };
      const input = Array.isArray(parsed.input) ? parsed.input : [parsed.input];
      requests.push({ model: parsed.model, input, ...(req.headers.authorization ? { auth: req.headers.authorization } : {}) });
      const data = input.map((text, index) => {
        const v = new Array(26).fill(0.01);
        for (const ch of text.toLowerCase()) if (ch >= 'a' && ch <= 'z') v[ch.charCodeAt(0) - 97] += 1;
        // The openai SDK asks for base64 (little-endian float32) and decodes it itself.
        const embedding = parsed.encoding_format === 'base64' ? Buffer.from(Float32Array.from(v).buffer).toString('base64') : v;
        return { object: 'embedding', index, embedding };
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data, model: parsed.model, usage: { prompt_tokens: 1, total_tokens: 1 } }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('OpenAI embedder', () => {
  it('embeds through OPENAI_BASE_URL with the configured model, and reuses vectors of unchanged files', async () => {
    const kb = tempDir();
    fs.writeFileSync(path.join(kb, 'a.md'), '# Zebra\n\nzebras zigzag in the zoo\n');
    fs.writeFileSync(path.join(kb, 'b.md'), '# Apples\n\napples are a pleasant snack\n');
    const config = testConfig({
      KNOWLEDGE_DIR: kb,
      OPENAI_API_KEY: 'sk-fake',
      OPENAI_BASE_URL: baseUrl,
      KIKI_EMBEDDING_MODEL: 'embed-small',
    });
    const summary = await ingest(config);
    expect(summary.embedder).toBe('openai:embed-small');
    expect(requests[0]).toMatchObject({ model: 'embed-small', auth: 'Bearer sk-fake' });
    const index = loadIndex(config, summary.indexDir);
    expect(index.dimension).toBe(26);
    const [hit] = await index.search('zebra zoo', EVERYONE, { mode: 'vector' });
    expect(hit?.source).toBe('a.md');

    const embeddedBefore = requests.flatMap((r) => r.input).length;
    fs.writeFileSync(path.join(kb, 'c.md'), '# Pears\n\npears\n');
    await ingest(config);
    const newlyEmbedded = requests.flatMap((r) => r.input).slice(embeddedBefore);
    expect(newlyEmbedded).toHaveLength(1);
    expect(newlyEmbedded[0]).toContain('pears');
  });

  it('fails the ingest with a clear message when the server is down, keeping the old index', async () => {
    const kb = tempDir();
    fs.writeFileSync(path.join(kb, 'a.md'), '# A\n\ntext\n');
    const config = testConfig({
      KNOWLEDGE_DIR: kb,
      OPENAI_API_KEY: 'sk-fake',
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
      KIKI_LLM_TIMEOUT_MS: '2000',
    });
    await expect(ingest(config)).rejects.toThrow(/embedding failed .*previous index is still in use/);
  });
});
