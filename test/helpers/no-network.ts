import net from 'node:net';

// Tests never leave the machine: any connection to a host other than loopback (or a Unix socket) fails
// loudly, the way outline/outline fails tests that try a real network call.
const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/i;
const original = net.Socket.prototype.connect;

type ConnectArgs = Parameters<typeof original>;

net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
  const first = args[0] as unknown;
  const opts = (Array.isArray(first) ? first[0] : first) as { host?: string; path?: string; port?: number } | number | string;
  let host: string | undefined;
  if (typeof opts === 'object' && opts !== null) host = opts.path ? undefined : (opts.host ?? 'localhost');
  else if (typeof opts === 'number') host = typeof args[1] === 'string' ? args[1] : 'localhost';
  if (host !== undefined && !LOOPBACK.test(host)) {
    throw new Error(`Test tried to reach the network (${host}); tests must only talk to 127.0.0.1`);
  }
  return original.apply(this, args as ConnectArgs);
} as typeof original;
