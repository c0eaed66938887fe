import { connect, createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy between a client and PostgreSQL (loopback only) that can be armed to reset the
 * client's connection (RST, as a crashed router or a killed pooler does) the moment a large write
 * arrives: the fault of issue 18 item 2.
 */
export interface ResetProxy {
  url: string;
  /** Reset every client connection that sends a chunk of at least this many bytes. */
  arm(bytes: number): void;
  disarm(): void;
  /** Reset every open client connection now. */
  resetAll(): void;
  /** While on, every connection is reset as it arrives (a database gone from the network); resetAll() first to cut the open ones. */
  refuse(on: boolean): void;
  resets: number;
  close(): Promise<void>;
}

export async function resetProxy(targetUrl: string): Promise<ResetProxy> {
  const target = new URL(targetUrl);
  const sockets = new Set<Socket>();
  const clients = new Set<Socket>();
  let threshold = Infinity;
  let refusing = false;
  const state = { resets: 0 };
  const server: Server = createServer((client) => {
    if (refusing) {
      state.resets++;
      client.on('error', () => {});
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(Number(target.port || 5432), target.hostname);
    sockets.add(client).add(upstream);
    clients.add(client);
    client.on('data', (chunk: Buffer) => {
      if (chunk.length >= threshold) {
        state.resets++;
        upstream.destroy();
        client.resetAndDestroy();
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk: Buffer) => client.write(chunk));
    const end = () => {
      clients.delete(client);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = new URL(targetUrl);
  url.hostname = '127.0.0.1';
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString(),
    arm: (bytes) => void (threshold = bytes),
    disarm: () => void (threshold = Infinity),
    resetAll() {
      for (const c of clients) {
        state.resets++;
        c.resetAndDestroy();
      }
    },
    refuse: (on) => void (refusing = on),
    get resets() {
      return state.resets;
    },
    async close() {
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
