import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeReply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export type FakeHandler = (req: {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: string;
}) => FakeReply | Promise<FakeReply>;

export interface FakeServer {
  url: string;
  host: string;
  /** Every request: method and path with query, in order. */
  log: string[];
  close(): Promise<void>;
}

/** An HTTP server on 127.0.0.1 for one fake API; `faults.rateLimitEvery` answers 429 to every n-th request. */
export async function startFake(handler: FakeHandler, faults: { rateLimitEvery?: number; retryAfter?: string } = {}): Promise<FakeServer> {
  const log: string[] = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      log.push(`${req.method} ${url.pathname}${url.search}`);
      n++;
      if (faults.rateLimitEvery && n % faults.rateLimitEvery === 0) {
        res
          .writeHead(429, { 'retry-after': faults.retryAfter ?? '0', 'content-type': 'application/json' })
          .end('{"message":"rate limited"}');
        return;
      }
      try {
        const r = await handler({ method: req.method ?? 'GET', url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
        res.writeHead(r.status, r.headers ?? {}).end(r.body ?? '');
      } catch (error) {
        res.writeHead(500).end(String(error));
      }
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const json = (body: unknown, status = 200): FakeReply => ({
  status,
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});
