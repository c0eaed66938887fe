/**
 * Socket limits for the Node server, so a slow or silent client cannot hold a socket for Node's
 * default 300 s (issue 18, item 11). Feishu answers within 3 s, so a whole request taking more than
 * 30 s, or headers more than 10 s, is a client we do not want. Passed to node:http createServer.
 */
import type { ServerOptions } from 'node:http';

export function serverLimits(o: { headersMs?: number; requestMs?: number; checkEveryMs?: number } = {}): ServerOptions {
  return {
    headersTimeout: o.headersMs ?? 10_000,
    requestTimeout: o.requestMs ?? 30_000,
    // Node checks both timeouts only this often (default 30 s), which would let them run over.
    connectionsCheckingInterval: o.checkEveryMs ?? 1_000,
    keepAliveTimeout: 5_000,
  };
}
