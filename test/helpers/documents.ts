import http from 'node:http';
import { Document, Packer, Paragraph } from 'docx';
import { startFakeOpenAI } from '../../src/sandbox/fake-openai.js';
import { closeNow, listen } from '../../src/sandbox/loopback.js';

/** A one-page PDF with a real text layer (Helvetica), built by hand so tests need no fixture files. */
export function makePdf(lines: string[], title?: string): Buffer {
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`);
  const stream = `BT /F1 11 Tf 50 780 Td 14 TL ${lines.map((l) => `(${esc(l)}) '`).join(' ')} ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Title (${esc(title ?? '')}) >>`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

export async function makeDocx(paragraphs: string[]): Promise<Buffer> {
  const doc = new Document({ sections: [{ children: paragraphs.map((p) => new Paragraph(p)) }] });
  return Packer.toBuffer(doc);
}

export interface PageServer {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/** Serves test pages on 127.0.0.1: path -> { status, type, body, headers } or a handler. */
export async function servePages(
  routes: Record<string, { status?: number; type?: string; body?: string | Buffer; headers?: Record<string, string>; delayMs?: number }>,
): Promise<PageServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const route = routes[req.url ?? ''];
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
      return;
    }
    const send = () => {
      res.writeHead(route.status ?? 200, { 'content-type': route.type ?? 'text/html; charset=utf-8', ...route.headers });
      res.end(route.body ?? '');
    };
    if (route.delayMs) setTimeout(send, route.delayMs);
    else send();
  });
  const port = await listen(server);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => closeNow(server),
  };
}

/** The shared fake OpenAI-compatible server, answering with the queued contents in order. */
export async function fakeOpenAi(contents: string[]): Promise<{ url: string; calls: unknown[]; close(): Promise<void> }> {
  const server = await startFakeOpenAI();
  server.reply = () => contents.shift() ?? '{}';
  return { url: server.url, calls: server.chatRequests, close: () => server.close() };
}
