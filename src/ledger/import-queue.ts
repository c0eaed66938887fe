/**
 * One import at a time per process (issue 18 item 7): two large uploads read in parallel took the
 * process to 1.3 GB. Later uploads wait their turn, first come first served, and are told how
 * many are ahead of them.
 */
export interface ImportQueue {
  /** Imports running or waiting. */
  readonly size: number;
  run<T>(
    fn: () => Promise<T>,
    o?: {
      /** Called once, before waiting, with how many imports are ahead. */
      onQueued?(ahead: number): void | Promise<void>;
      /**
       * Called every `keepAliveMs` while waiting: a chat upload waits inside its interaction's
       * transaction, which PostgreSQL ends after idle_in_transaction_session_timeout (30 s).
       */
      keepAlive?(): Promise<void>;
      keepAliveMs?: number;
    },
  ): Promise<T>;
}

export function createImportQueue(): ImportQueue {
  let tail: Promise<void> = Promise.resolve();
  let size = 0;
  return {
    get size() {
      return size;
    },
    async run(fn, o = {}) {
      const ahead = size;
      size++;
      const before = tail;
      let release!: () => void;
      tail = new Promise<void>((r) => (release = r));
      try {
        if (ahead > 0) {
          await o.onQueued?.(ahead);
          await waitFor(before, o.keepAlive, o.keepAliveMs ?? 10_000);
        }
        return await fn();
      } finally {
        size--;
        // One that gave up waiting still hands over only once those ahead of it are done.
        void before.then(release);
      }
    },
  };
}

async function waitFor(turn: Promise<void>, keepAlive: (() => Promise<void>) | undefined, everyMs: number): Promise<void> {
  let done = false;
  void turn.then(() => (done = true));
  while (!done) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const tick = new Promise<void>((r) => (timer = setTimeout(r, everyMs)));
    await Promise.race([turn, tick]);
    clearTimeout(timer);
    if (!done) await keepAlive?.();
  }
}

/** The process's queue: the chat uploads share it. */
export const importQueue = createImportQueue();
