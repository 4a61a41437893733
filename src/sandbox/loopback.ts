import type http from 'node:http';
import type { AddressInfo } from 'node:net';

/** Listens on host:port (port 0: any free one) and resolves with the bound port; rejects if it is taken. */
export async function listen(server: http.Server, port = 0, host = '127.0.0.1'): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** Closes the server at once, dropping kept-alive connections instead of waiting for them. */
export async function closeNow(server: http.Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
