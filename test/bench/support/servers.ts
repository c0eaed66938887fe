import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ServerOptions } from './bench-server.ts';
import { prioritize } from './priority.ts';

export interface RunningServer {
  port: number;
  /** What the server said when ready (the callback server's drafts). */
  ready: Record<string, any>;
  stats(): Promise<Record<string, any>>;
  /** callback: registers a file as Feishu holds it for a message (the chat-import bench). */
  putResource(m: { messageId: string; fileKey: string; path: string }): Promise<void>;
  /** With BENCH_CPU_PROF=dir: a V8 CPU profile of what runs between start and stop (Chrome DevTools opens it). */
  profile(label: string): Promise<{ stop(): Promise<void> }>;
  stop(): Promise<void>;
}

const entry = fileURLToPath(new URL('./bench-server.ts', import.meta.url));

function nextMessage(child: ChildProcess, type: string): Promise<Record<string, any>> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: Record<string, any>) => {
      if (m.type !== type) return;
      cleanup();
      resolve(m);
    };
    const onExit = (code: number | null) => {
      cleanup();
      reject(new Error(`bench server exited (${code}) before '${type}'`));
    };
    const cleanup = () => {
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

/** Starts bench-server.ts in its own Node process (stdout and stderr go to the runner's stderr). */
export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const child = fork(entry, [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_SERVER_OPTS: JSON.stringify(opts) },
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  prioritize(child.pid);
  const ready = await nextMessage(child, 'ready');
  return {
    port: ready.port,
    ready,
    async stats() {
      const reply = nextMessage(child, 'stats');
      child.send({ type: 'stats' });
      return reply;
    },
    async putResource(m) {
      const done = nextMessage(child, 'put-resource-done');
      child.send({ type: 'put-resource', ...m });
      await done;
    },
    async profile(label) {
      const dir = process.env.BENCH_CPU_PROF;
      if (!dir) return { stop: async () => {} };
      const started = nextMessage(child, 'profile-start-done');
      child.send({ type: 'profile-start' });
      await started;
      return {
        async stop() {
          const stopped = nextMessage(child, 'profile-stop-done');
          child.send({ type: 'profile-stop', file: `${dir}/${opts.kind}-${label}.cpuprofile` });
          await stopped;
        },
      };
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.send({ type: 'stop' });
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
