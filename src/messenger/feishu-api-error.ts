/**
 * What can go wrong in a Feishu Open API call, as one typed error, whichever way the SDK surfaced
 * it: a thrown AxiosError for non-2xx (Feishu answers most errors with HTTP 400 or 429), a 2xx
 * body with a non-zero `code`, a plain Error from the SDK's token manager, or a network failure.
 * Codes: https://open.feishu.cn/document/server-docs/api-call-guide/generic-error-code and the
 * send-message page (https://open.feishu.cn/document/server-docs/im-v1/message/create).
 */
import { MessengerError } from './messenger-error.ts';

/** Throttling: retry after a back-off. 99991400 API limit, 230020 per user/chat, 11232 system. */
export const RATE_LIMIT_CODES: ReadonlySet<number> = new Set([99991400, 230020, 11232]);

/** The tenant token is invalid, missing or expired: drop the cached token and fetch a new one. */
export const TOKEN_CODES: ReadonlySet<number> = new Set([99991663, 99991661, 99991668]);

/** Code used when Feishu gave none (network failure, unreadable body). */
export const NO_CODE = -1;

export interface FeishuApiErrorDetails {
  code: number;
  httpStatus: number;
  /** Transient: the same call may succeed later (throttling, network, 5xx). */
  retryable: boolean;
  /** The Open API operation, e.g. `im.message.create`. */
  operation: string;
  /** Feishu's own message (English; no user data). */
  feishuMsg?: string;
  /** Seconds until the rate-limit window resets (`x-ogw-ratelimit-reset`). */
  resetSeconds?: number;
  /** `x-tt-logid`, what Feishu support asks for. */
  logId?: string;
}

export class FeishuApiError extends MessengerError {
  override name = 'FeishuApiError';
  declare readonly code: number;
  readonly resetSeconds?: number;
  readonly logId?: string;

  constructor(d: FeishuApiErrorDetails) {
    // 230020 is the 5/s per-recipient limit and comes without a reset header: wait a second.
    const rateLimited = d.httpStatus === 429 || RATE_LIMIT_CODES.has(d.code);
    const retryAfterSeconds = d.resetSeconds ?? (rateLimited && d.code === 230020 ? 1 : undefined);
    super(`feishu ${d.operation} failed: code ${d.code}, HTTP ${d.httpStatus}${d.feishuMsg ? `: ${d.feishuMsg}` : ''}`, {
      messenger: 'feishu',
      code: d.code,
      httpStatus: d.httpStatus,
      operation: d.operation,
      retryable: d.retryable,
      rateLimited,
      ...(retryAfterSeconds !== undefined ? { retryAfterSeconds } : {}),
    });
    if (d.resetSeconds !== undefined) this.resetSeconds = d.resetSeconds;
    if (d.logId !== undefined) this.logId = d.logId;
  }
}

function isTransient(code: number, httpStatus: number): boolean {
  return httpStatus === 429 || httpStatus === 0 || httpStatus >= 500 || RATE_LIMIT_CODES.has(code);
}

/** Read a header from axios headers (AxiosHeaders or a plain object) or fetch Headers. */
function header(headers: unknown, name: string): string | undefined {
  if (!headers || typeof headers !== 'object') return undefined;
  const h = headers as { get?: (n: string) => unknown } & Record<string, unknown>;
  const v = typeof h.get === 'function' ? h.get(name) : (h[name] ?? h[name.toLowerCase()]);
  if (Array.isArray(v)) return v[0] === undefined ? undefined : String(v[0]);
  return v === undefined || v === null ? undefined : String(v);
}

export function parseResetSeconds(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value.trim());
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** An error body may be JSON, text, or bytes (for binary downloads). */
function bodyObject(data: unknown): { code?: unknown; msg?: unknown } | undefined {
  let v: unknown = data;
  if (v instanceof ArrayBuffer) v = new Uint8Array(v);
  if (ArrayBuffer.isView(v)) v = new TextDecoder().decode(v);
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return undefined;
    }
  }
  return v && typeof v === 'object' ? (v as { code?: unknown; msg?: unknown }) : undefined;
}

/** An error for a 2xx response whose body carries a non-zero code. */
export function errorFromBody(operation: string, body: unknown, httpStatus = 200, headers?: unknown): FeishuApiError {
  const b = bodyObject(body);
  const code = typeof b?.code === 'number' ? b.code : NO_CODE;
  const resetSeconds = parseResetSeconds(header(headers, 'x-ogw-ratelimit-reset'));
  const logId = header(headers, 'x-tt-logid');
  return new FeishuApiError({
    code,
    httpStatus,
    retryable: isTransient(code, httpStatus),
    operation,
    ...(typeof b?.msg === 'string' ? { feishuMsg: b.msg } : {}),
    ...(resetSeconds !== undefined ? { resetSeconds } : {}),
    ...(logId !== undefined ? { logId } : {}),
  });
}

/** Whatever a call threw, as a FeishuApiError (never carrying the request, which holds tokens). */
export function toFeishuApiError(operation: string, thrown: unknown): FeishuApiError {
  if (thrown instanceof FeishuApiError) return thrown;
  const e = thrown as { response?: { status?: unknown; data?: unknown; headers?: unknown }; message?: unknown };
  if (e && typeof e === 'object' && e.response && typeof e.response.status === 'number') {
    return errorFromBody(operation, e.response.data, e.response.status, e.response.headers);
  }
  // The SDK's token manager throws a plain Error for an HTTP-200 token failure:
  // "failed to get tenant_access_token, code: 10014, msg: app secret invalid".
  const text = typeof e?.message === 'string' ? e.message : '';
  const token = /failed to get tenant_access_token, code: (\d+)/.exec(text);
  if (token) {
    return new FeishuApiError({ code: Number(token[1]), httpStatus: 200, retryable: false, operation: `${operation} (token)` });
  }
  // No response at all (DNS, refused connection, reset, timeout): axios marks its own errors, Node
  // system errors carry a string code such as ECONNRESET.
  const marked = e as { isAxiosError?: unknown; code?: unknown; name?: unknown };
  if (marked?.isAxiosError === true || typeof marked?.code === 'string' || marked?.name === 'TimeoutError') {
    return new FeishuApiError({ code: NO_CODE, httpStatus: 0, retryable: true, operation, feishuMsg: 'network error' });
  }
  // Anything else is a bug on our side; keep it as the cause so it can be found.
  const err = new FeishuApiError({ code: NO_CODE, httpStatus: 0, retryable: false, operation, feishuMsg: 'unexpected error' });
  (err as { cause?: unknown }).cause = thrown;
  return err;
}
