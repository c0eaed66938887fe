/**
 * Keeps postgres.js 3.4.9 from writing to a connection it has already dropped (issue 18 item 2).
 *
 * When a transaction's connection is reset, postgres.js's `closed()` sets its socket to null and
 * rejects `begin()` at once, but the transaction's callback is still running: the next query the
 * callback sends, and the ROLLBACK (or COMMIT) that `begin()` itself sends when the callback ends,
 * go to `connection.execute`, whose small writes are flushed from a `setImmediate` that calls
 * `socket.write` on null. That TypeError escapes every await and ends the process
 * (porsager/postgres #1066, #1154, #1208; the guard PRs #1168/#1209 are unmerged and 3.4.9 is the
 * newest release). npm runs no install scripts here and the package is shared, so the fix lives in
 * our code: the client drizzle is given wraps `begin` and the transaction's `unsafe`/`savepoint`.
 *
 * Once a transaction has seen its connection lost (a query failed with a connection error, or a
 * FATAL one after which the server always closes, or `begin()` was rejected by the close), it sends
 * nothing more: later queries reject with the same error without reaching the driver, and the
 * callback is left unsettled, so `begin()` never writes its ROLLBACK/COMMIT. The server ended the
 * transaction with the session anyway, and `begin()` has already rejected for the caller. The
 * abandoned promise holds no timer or socket and is collected.
 */
import type { Sql } from 'postgres';

/** Codes of a connection that is gone: postgres.js's own and the socket's. */
const LOST_CODES = new Set([
  'CONNECTION_CLOSED',
  'CONNECTION_DESTROYED',
  'CONNECTION_ENDED',
  'CONNECT_TIMEOUT',
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'ENOTCONN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_STREAM_DESTROYED',
  'ERR_SOCKET_CLOSED',
]);

/** A connection-level failure, in the error or its cause chain (drizzle wraps driver errors). */
export function connectionLost(e: unknown): boolean {
  let cur: unknown = e;
  for (let i = 0; i < 6 && cur && typeof cur === 'object'; i++) {
    const p = cur as { code?: unknown; severity?: unknown; cause?: unknown };
    if (typeof p.code === 'string' && LOST_CODES.has(p.code)) return true;
    // The server closes the session after every FATAL or PANIC error (terminated backend, shutdown).
    if (p.severity === 'FATAL' || p.severity === 'PANIC') return true;
    cur = p.cause;
  }
  return false;
}

interface TxState {
  lost: unknown;
  /** Savepoints waiting on a callback that will now never settle. */
  waiting: Set<(e: unknown) => void>;
}

function markLost(state: TxState, e: unknown): void {
  if (state.lost !== undefined) return;
  state.lost = e;
  for (const reject of state.waiting) reject(e);
  state.waiting.clear();
}

/**
 * A savepoint's promise, rejected as soon as the connection is lost: its callback is left
 * unsettled (see scope), and whoever awaits it (an import holding the import queue) must not wait
 * forever.
 */
function settledOnLoss(p: PromiseLike<unknown>, state: TxState): Promise<unknown> {
  let drop = () => {};
  const lost = new Promise<never>((_, reject) => {
    if (state.lost !== undefined) return reject(state.lost);
    state.waiting.add(reject);
    drop = () => state.waiting.delete(reject);
  });
  return Promise.race([p, lost]).finally(drop);
}

type Thenable = PromiseLike<unknown> & object;

/** A query that is never sent: it rejects with the error that lost the connection. */
function refused(error: unknown): Thenable {
  const q: Record<string, unknown> = {
    then: (ok?: (v: unknown) => unknown, fail?: (e: unknown) => unknown) => Promise.reject(error).then(ok, fail),
    catch: (fail?: (e: unknown) => unknown) => Promise.reject(error).catch(fail),
  };
  // drizzle chains .values() / .raw() before awaiting.
  for (const m of ['values', 'raw', 'execute', 'describe', 'simple']) q[m] = () => q;
  return q as unknown as Thenable;
}

/** The same lazy query, noting a connection error when it rejects. */
function watched<T extends object>(q: T, state: TxState): T {
  const note = (e: unknown) => {
    if (connectionLost(e)) markLost(state, e);
  };
  const proxy: T = new Proxy(q, {
    get(target, prop) {
      if (prop === 'then') {
        return (ok?: (v: unknown) => unknown, fail?: (e: unknown) => unknown) =>
          (target as unknown as Thenable).then(ok, (e: unknown) => {
            note(e);
            if (fail) return fail(e);
            throw e;
          });
      }
      if (prop === 'catch') return (fail?: (e: unknown) => unknown) => (proxy as unknown as Thenable).then(undefined, fail);
      const v = Reflect.get(target, prop, target) as unknown;
      if (typeof v !== 'function') return v;
      // Chained modifiers (.values(), .raw()) return the query itself: keep it watched.
      return (...args: unknown[]) => {
        const out = (v as (...a: unknown[]) => unknown).apply(target, args);
        return out === target ? proxy : out;
      };
    },
  });
  return proxy;
}

type Scope = (tx: Sql) => unknown;

/** Runs a transaction's (or savepoint's) callback; once the connection is lost it never settles. */
function scope(fn: Scope, state: TxState): (raw: Sql) => Promise<unknown> {
  return async (raw) => {
    let result: unknown;
    let failure: { e: unknown } | null = null;
    try {
      result = await fn(guardTx(raw, state));
    } catch (e) {
      failure = { e };
    }
    if (state.lost !== undefined) return new Promise(() => {});
    if (failure) throw failure.e;
    return result;
  };
}

function guardTx(raw: Sql, state: TxState): Sql {
  return new Proxy(raw, {
    apply(target, self, args) {
      if (state.lost !== undefined && Array.isArray((args[0] as { raw?: unknown } | undefined)?.raw)) return refused(state.lost);
      const out = Reflect.apply(target, self, args) as unknown;
      return out && typeof out === 'object' && typeof (out as Thenable).then === 'function' ? watched(out as Thenable, state) : out;
    },
    get(target, prop) {
      if (prop === 'unsafe') {
        return (...args: unknown[]) => {
          if (state.lost !== undefined) return refused(state.lost);
          return watched((target.unsafe as (...a: unknown[]) => Thenable)(...args), state);
        };
      }
      if (prop === 'savepoint') {
        return (nameOrFn: string | Scope, maybeFn?: Scope) => {
          if (state.lost !== undefined) return refused(state.lost);
          const fn = (typeof nameOrFn === 'function' ? nameOrFn : maybeFn)!;
          const savepoint = (target as unknown as { savepoint: (...a: unknown[]) => Thenable }).savepoint;
          const run = scope(fn, state);
          return settledOnLoss(watched(typeof nameOrFn === 'function' ? savepoint(run) : savepoint(nameOrFn, run), state), state);
        };
      }
      return Reflect.get(target, prop, target);
    },
  }) as Sql;
}

/** The client to give drizzle: the same pool, with transactions that stop writing once their connection is gone. */
export function guardClosedConnections<T extends Sql>(client: T): T {
  return new Proxy(client, {
    get(target, prop) {
      if (prop !== 'begin') return Reflect.get(target, prop, target);
      return (optionsOrFn: string | Scope, maybeFn?: Scope) => {
        const state: TxState = { lost: undefined, waiting: new Set() };
        const fn = (typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn)!;
        const begin = target.begin as unknown as (...a: unknown[]) => Promise<unknown>;
        const run = scope(fn, state);
        const p = typeof optionsOrFn === 'function' ? begin(run) : begin(optionsOrFn, run);
        // A close rejects begin() at once while the callback may still be running (or idle).
        p.then(undefined, (e: unknown) => markLost(state, e));
        return p;
      };
    },
  });
}
