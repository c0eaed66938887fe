/** The part of `ws` (the Stream SDK's dependency, shipped without types) the gateway stand-in uses. */
declare module 'ws' {
  import type { EventEmitter } from 'node:events';
  export interface WebSocket extends EventEmitter {
    readonly readyState: number;
    readonly OPEN: number;
    send(data: string): void;
    close(code?: number): void;
    terminate(): void;
    on(event: 'message', listener: (data: unknown) => void): this;
    on(event: 'close' | 'ping', listener: () => void): this;
  }
  export class WebSocketServer extends EventEmitter {
    constructor(options: { host?: string; port?: number; autoPong?: boolean });
    readonly clients: Set<WebSocket>;
    address(): unknown;
    close(cb?: () => void): void;
    on(event: 'connection', listener: (socket: WebSocket) => void): this;
  }
}
